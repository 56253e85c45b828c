using Microsoft.AspNetCore.Components;
using SharesConsole.Core.State;

namespace SharesConsole.Web.Components.Shared;

/// <summary>Shown while a failover, switchover or drill runs, with its current step.</summary>
public sealed partial class OperationBanner
{
    [Parameter]
    public OperationSummary? Operation { get; set; }

    /// <summary>The state's time, so the elapsed time moves with each new state.</summary>
    [Parameter]
    public DateTimeOffset Now { get; set; }
}
