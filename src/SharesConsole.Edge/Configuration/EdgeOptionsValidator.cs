using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;

namespace SharesConsole.Edge.Configuration;

/// <summary>Checks every setting and reports all problems at once, naming the configuration key.</summary>
public sealed class EdgeOptionsValidator : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        const string S = EdgeOptions.SectionName;
        if (!Enum.IsDefined(options.LoadBalancing))
        {
            errors.Add($"{S}:LoadBalancing '{options.LoadBalancing}' is unknown; use one of {string.Join(", ", Enum.GetNames<LoadBalancingPolicy>())}.");
        }

        if (options.CookieAffinity && string.IsNullOrWhiteSpace(options.AffinityCookieName))
        {
            errors.Add($"{S}:AffinityCookieName must not be empty when {S}:CookieAffinity is on.");
        }

        Positive(errors, $"{S}:UdpIdleTimeout", options.UdpIdleTimeout);
        Positive(errors, $"{S}:TcpIdleTimeout", options.TcpIdleTimeout);
        Positive(errors, $"{S}:ConnectTimeout", options.ConnectTimeout);
        if (options.DrainDeadline < TimeSpan.Zero)
        {
            errors.Add($"{S}:DrainDeadline must not be negative (was {options.DrainDeadline}).");
        }

        Range(errors, $"{S}:MaxTcpConnections", options.MaxTcpConnections, 1, 1_000_000);
        Range(errors, $"{S}:MaxUdpFlows", options.MaxUdpFlows, 1, 1_000_000);
        Range(errors, $"{S}:MaxTcpConnectionsPerSource", options.MaxTcpConnectionsPerSource, 1, 1_000_000);
        Range(errors, $"{S}:MaxUdpFlowsPerSource", options.MaxUdpFlowsPerSource, 1, 1_000_000);
        foreach (var proxy in options.TrustedProxies ?? [])
        {
            if (!NetworkText.TryParse(proxy, out _))
            {
                errors.Add($"{S}:TrustedProxies '{proxy}' is not an IP address or a network in CIDR form (e.g. 10.0.0.5 or 10.0.0.0/24).");
            }
        }
        Range(errors, $"{S}:TransferProbePort", options.TransferProbePort, 0, 65535);
        Range(errors, $"{S}:TcpBufferSize", options.TcpBufferSize, 1024, 16 * 1024 * 1024);
        Range(errors, $"{S}:UdpSocketBufferSize", options.UdpSocketBufferSize, 64 * 1024, 256 * 1024 * 1024);
        Range(errors, $"{S}:UdpBatchSize", options.UdpBatchSize, 1, 1024);
        if (!string.IsNullOrWhiteSpace(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            errors.Add($"{S}:CertificatePath '{options.CertificatePath}' does not exist.");
        }

        if (!Enum.IsDefined(options.WebForwarder))
        {
            errors.Add($"{S}:WebForwarder '{options.WebForwarder}' is unknown; use one of {string.Join(", ", Enum.GetNames<WebForwarderKind>())}.");
        }

        if (!Enum.IsDefined(options.WebTransport))
        {
            errors.Add($"{S}:WebTransport '{options.WebTransport}' is unknown; use one of {string.Join(", ", Enum.GetNames<WebTransportKind>())}.");
        }

        Positive(errors, $"{S}:WebRequestHeadersTimeout", options.WebRequestHeadersTimeout);
        Positive(errors, $"{S}:WebKeepAliveTimeout", options.WebKeepAliveTimeout);
        Positive(errors, $"{S}:WebResponseTimeout", options.WebResponseTimeout);
        Range(errors, $"{S}:WebMaxHeadSize", options.WebMaxHeadSize, 1024, 1024 * 1024);
        if (!Enum.IsDefined(options.TransferPath))
        {
            errors.Add($"{S}:TransferPath '{options.TransferPath}' is unknown; use one of {string.Join(", ", Enum.GetNames<TransferPath>())}.");
        }

        if (!IsTableName(options.KernelTable))
        {
            errors.Add($"{S}:KernelTable '{options.KernelTable}' must be 1 to 64 letters, digits or '_', starting with a letter.");
        }

        Positive(errors, $"{S}:KernelRefreshInterval", options.KernelRefreshInterval);
        if (options.WebProbePath is { Length: > 0 } path && !path.StartsWith('/'))
        {
            errors.Add($"{S}:WebProbePath '{path}' must start with '/'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // The name goes into nft scripts unquoted: anything else could change what the script does.
    private static bool IsTableName(string? name) =>
        name is { Length: > 0 and <= 64 } && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static void Positive(List<string> errors, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            errors.Add($"{key} must be positive (was {value}).");
        }
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{key} must be between {min} and {max} (was {value}).");
        }
    }
}
