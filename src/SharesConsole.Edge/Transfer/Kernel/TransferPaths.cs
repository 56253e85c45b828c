using System.Globalization;
using System.Text.RegularExpressions;
using SharesConsole.Edge.Configuration;
using SharesConsole.Edge.Diagnostics;

namespace SharesConsole.Edge.Transfer.Kernel;

/// <summary>
/// Chooses the path for SSH and FASP at start (<c>Edge:TransferPath</c>): the kernel when configured or, under Auto,
/// when this process can change nftables and read conntrack and the topology suits DNAT; the relay otherwise.
/// Says which in one log line and through <see cref="ITransferPathInfo"/>.
/// </summary>
public sealed partial class TransferPaths(TransferContext context, TransferListeners relay, IKernelCommands commands) : ITransferPathInfo, IAsyncDisposable
{
    private KernelTransfer? _kernel;

    public TransferPath? Active { get; private set; }

    public string Reason { get; private set; } = "the edge has not started";

    /// <summary>The kernel path while it runs.</summary>
    public KernelTransfer? Kernel => _kernel;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = context.Options.TransferPath;
        var refusal = configured == TransferPath.Relay
            ? "Edge:TransferPath is Relay"
            : await KernelRefusalAsync(cancellationToken).ConfigureAwait(false);
        if (refusal is null)
        {
            var kernel = new KernelTransfer(context, commands);
            try
            {
                await kernel.StartAsync(cancellationToken).ConfigureAwait(false);
                _kernel = kernel;
            }
            catch (InvalidOperationException ex) when (configured == TransferPath.Auto)
            {
                await kernel.DisposeAsync().ConfigureAwait(false);
                refusal = ex.Message.TrimEnd('.');
            }
        }

        if (_kernel is not null)
        {
            Choose(TransferPath.Kernel, configured == TransferPath.Kernel
                ? $"Edge:TransferPath is Kernel (nftables table ip {context.Options.KernelTable})"
                : $"Edge:TransferPath is Auto and this process can run nft and conntrack (nftables table ip {context.Options.KernelTable})");
            return;
        }

        if (configured == TransferPath.Kernel)
        {
            throw new InvalidOperationException($"Edge:TransferPath is Kernel, but {refusal}. Use Auto or Relay, or give the edge CAP_NET_ADMIN and the nft and conntrack tools.");
        }

        relay.Start();
        Choose(TransferPath.Relay, configured == TransferPath.Relay ? refusal! : $"Edge:TransferPath is Auto and {refusal}");
    }

    private void Choose(TransferPath path, string reason)
    {
        Reason = reason;
        Active = path;
        EdgeLog.TransferPathChosen(context.Logger, path.ToString(), reason);
    }

    /// <summary>Why the kernel path cannot run here, or null when it can.</summary>
    private async Task<string?> KernelRefusalAsync(CancellationToken cancellationToken)
    {
        var table = context.Options.KernelTable;
        if (KernelLayout.TryCreate(context.Pools.Current.Topology, table, context.Options.KernelMasquerade, out var reason) is null)
        {
            return reason;
        }

        var probe = await commands.RunAsync("nft", ["-f", "-"], NftScript.Probe(table), cancellationToken).ConfigureAwait(false);
        if (!probe.Succeeded)
        {
            return $"nft cannot change nftables here ({probe.FirstErrorLine})";
        }

        var conntrack = await commands.RunAsync("conntrack", ["-L", "-d", "127.0.0.1"], null, cancellationToken).ConfigureAwait(false);
        if (!conntrack.Succeeded)
        {
            return $"conntrack cannot read the connection table ({conntrack.FirstErrorLine})";
        }

        var existing = await commands.RunAsync("nft", ["list", "table", "ip", table], null, cancellationToken).ConfigureAwait(false);
        if (existing.Succeeded && OwnerPid().Match(existing.Output) is { Success: true } match
            && int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) is var pid
            && pid != Environment.ProcessId && Directory.Exists($"/proc/{pid}"))
        {
            return $"the nftables table ip {table} belongs to the running process {pid} (set Edge:KernelTable to another name)";
        }

        return null;
    }

    [GeneratedRegex("comment \"sharesconsole-edge pid ([0-9]+)\"")]
    private static partial Regex OwnerPid();

    public async ValueTask DisposeAsync()
    {
        if (_kernel is not null)
        {
            await _kernel.DisposeAsync().ConfigureAwait(false);
        }

        await relay.DisposeAsync().ConfigureAwait(false);
    }
}
