namespace SharesConsole.Core.Catalog;

/// <summary>The catalog is invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class CatalogException(IReadOnlyList<string> errors)
    : ArgumentException(string.Join(" ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
