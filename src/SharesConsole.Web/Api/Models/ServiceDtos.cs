namespace SharesConsole.Web.Api.Models;

/// <summary>A catalog entry.</summary>
public sealed record ServiceDto(string Name, string Kind, int StartOrder, string Probe);

/// <summary>Where a service should run and what each node reports for it.</summary>
public sealed record PlacementDto(string Service, string Kind, IReadOnlyList<string> DesiredOn, IReadOnlyDictionary<string, string> Observed);
