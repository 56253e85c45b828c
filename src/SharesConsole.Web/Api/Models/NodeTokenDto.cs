namespace SharesConsole.Web.Api.Models;

/// <summary>An enrolled node with its agent token. The token is shown only in this answer; only its hash is stored.</summary>
public sealed record EnrolledNodeDto(NodeDto Node, string AgentToken, string AgentHub);

/// <summary>A newly issued agent token (the previous one is revoked). Shown only in this answer.</summary>
public sealed record NodeTokenDto(string Node, string AgentToken, string AgentHub);
