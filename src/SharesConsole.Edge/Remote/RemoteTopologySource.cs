using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Remote;

/// <summary>
/// The topology an edge process serves: first from its snapshot file, then from the control plane. <see cref="Current"/>
/// is read only after <see cref="Ready"/> completed (the runner starts the listeners then).
/// </summary>
public sealed class RemoteTopologySource : IClusterTopologySource
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private ClusterTopology? _current;

    public ClusterTopology Current => Volatile.Read(ref _current) ?? throw new InvalidOperationException("The edge has no configuration yet.");

    public string? Version { get; private set; }

    /// <summary>True while the configuration served came from the snapshot file and the control plane has not sent one.</summary>
    public bool FromSnapshot { get; private set; }

    public Task Ready => _ready.Task;

    public bool HasConfiguration => Volatile.Read(ref _current) is not null;

    public event EventHandler<ClusterTopology>? Changed;

    /// <summary>Applies a configuration; returns false when it is the version already served.</summary>
    public bool Apply(ClusterTopology topology, string version, bool fromSnapshot)
    {
        ArgumentNullException.ThrowIfNull(topology);
        lock (_lock)
        {
            if (fromSnapshot && _current is not null)
            {
                return false;   // the control plane was first
            }

            FromSnapshot = fromSnapshot;
            if (version == Version)
            {
                return false;
            }

            Version = version;
            Volatile.Write(ref _current, topology);
        }

        _ready.TrySetResult();
        Changed?.Invoke(this, topology);
        return true;
    }
}
