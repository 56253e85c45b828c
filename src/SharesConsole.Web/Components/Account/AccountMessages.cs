namespace SharesConsole.Web.Components.Account;

/// <summary>Messages the account pages share.</summary>
internal static class AccountMessages
{
    public const string FormExpired = "The form expired or did not come from this page (its security token is missing or stale). Please try again.";
}
