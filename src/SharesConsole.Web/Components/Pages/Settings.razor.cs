using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using SharesConsole.ControlPlane.Configuration;
using SharesConsole.ControlPlane.State;
using SharesConsole.Core.Cluster;
using SharesConsole.Core.State;
using SharesConsole.Web.Auth;

namespace SharesConsole.Web.Components.Pages;

/// <summary>The cluster settings form: validated as you type, worst-case times computed live, saved as one record.</summary>
public sealed partial class Settings
{
    private SettingsForm _form = null!;
    private Dictionary<string, string> _errors = [];
    private ClusterSettings _loaded = null!;
    private bool _dirty;
    private bool _saving;
    private bool _externalChange;

    [Inject]
    public required IClusterCommands Commands { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required IOptions<ControlPlaneOptions> ControlPlane { get; init; }

    private FailoverTimingOptions Timings => ControlPlane.Value.Failover;

    private ClusterSettings Preview => _form.Preview(State.Topology.Settings);

    private bool CanSave => CanAdminister && _dirty && _errors.Count == 0 && !_saving;

    private string ArchitectureChange => _form.Architecture == ArchitectureType.WebOnly
        ? $"Switching to web only: the VIP keeps web :{_form.WebPort} but closes SSH :{_form.SshPort}/tcp and FASP :{_form.FaspPort}/udp. " +
          $"Transfers go straight to the nodes: the DNS responder answers {_form.TransferFqdn} with the healthy nodes' public addresses, rotated, TTL {_form.DnsTtlSeconds} s. " +
          "Open web connections stay up; running transfers through the VIP end."
        : $"Switching to redirect all: the VIP opens SSH :{_form.SshPort}/tcp and FASP :{_form.FaspPort}–{_form.FaspRangeEnd}/udp next to web :{_form.WebPort}, " +
          "keeping a client's TCP and UDP flows on one node. Clients must use the VIP for transfers; open web connections stay up.";

    protected override void OnInitialized()
    {
        base.OnInitialized();
        Load(State.Topology.Settings);
    }

    protected override void OnStateChanged(ClusterState state)
    {
        if (Equals(state.Topology.Settings, _loaded))
        {
            return;
        }

        if (_dirty)
        {
            _externalChange = true;
        }
        else
        {
            Load(state.Topology.Settings);
        }
    }

    private void Load(ClusterSettings settings)
    {
        _loaded = settings;
        _form = SettingsForm.From(settings);
        _errors = [];
        _dirty = false;
        _externalChange = false;
    }

    private void SetArchitecture(ArchitectureType value)
    {
        _form.Architecture = value;
        Validate();
    }

    private void Validate()
    {
        var settings = _form.ToSettings(State.Topology.Settings, out _errors);
        _dirty = settings is null || !Equals(settings, _loaded);
    }

    private bool Has(string field) => _errors.ContainsKey(field);

    private string? ErrorOf(string field) => _errors.GetValueOrDefault(field);

    // MudBlazor re-validates a field on blur and overwrites its Error state with its own verdict, so the
    // field asks the form's errors too; otherwise a blurred field hides an error the summary still counts.
    private Func<T, string?> Check<T>(string field) => _ => ErrorOf(field);

    private void Reset() => Load(State.Topology.Settings);

    private async Task SaveAsync()
    {
        var settings = _form.ToSettings(State.Topology.Settings, out _errors);
        if (settings is null)
        {
            return;
        }

        if (!await MayAsync(Roles.Admin))
        {
            Snackbar.Add("Saving settings needs the Admin role; your sign-in does not have it (now).", Severity.Error);
            return;
        }

        _saving = true;
        try
        {
            var result = await Commands.UpdateSettingsAsync(settings, Actor, Lifetime);
            if (result.Ok)
            {
                Load(settings);
                Snackbar.Add("Settings saved.", Severity.Success);
            }
            else
            {
                _errors = result.FieldErrors?.ToDictionary(e => e.Key, e => string.Join(" ", e.Value)) ?? [];
                Snackbar.Add(result.Message ?? "The settings were not saved.", Severity.Error);
            }
        }
        finally
        {
            _saving = false;
        }
    }
}
