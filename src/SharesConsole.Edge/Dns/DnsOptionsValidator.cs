using System.Net;
using Microsoft.Extensions.Options;
using SharesConsole.Edge.Dns.Protocol;

namespace SharesConsole.Edge.Dns;

/// <summary>Collects every error in the <c>Dns</c> section, each naming its key.</summary>
internal sealed class DnsOptionsValidator : IValidateOptions<DnsOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var section = DnsOptions.SectionName;
        for (var i = 0; i < options.Listen.Length; i++)
        {
            if (!IPAddress.TryParse(options.Listen[i], out _))
            {
                errors.Add($"{section}:Listen:{i} '{options.Listen[i]}' is not an IP address.");
            }
        }

        if (options.Port is < 0 or > 65535)
        {
            errors.Add($"{section}:Port must be between 0 and 65535 (was {options.Port}).");
        }

        if (DnsName.Encode(options.NameServer) is not { Length: > 2 } label || label[0] != label.Length - 2)
        {
            errors.Add($"{section}:NameServer must be one host-name label such as 'ns1' (was '{options.NameServer}').");
        }

        if (options.MaxUdpPayload is < 512 or > 65535)
        {
            errors.Add($"{section}:MaxUdpPayload must be between 512 and 65535 (was {options.MaxUdpPayload}).");
        }

        if (options.MaxTcpConnections is < 1 or > 100_000)
        {
            errors.Add($"{section}:MaxTcpConnections must be between 1 and 100000 (was {options.MaxTcpConnections}).");
        }

        if (options.TcpIdleTimeout <= TimeSpan.Zero || options.TcpIdleTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"{section}:TcpIdleTimeout must be positive and at most 01:00:00 (was {options.TcpIdleTimeout}).");
        }

        if (options.UdpReceiveLoops is < 0 or > 64)
        {
            errors.Add($"{section}:UdpReceiveLoops must be between 0 (one per processor) and 64 (was {options.UdpReceiveLoops}).");
        }

        if (options.SocketBufferSize is < 0 or > 256 * 1024 * 1024)
        {
            errors.Add($"{section}:SocketBufferSize must be between 0 (system default) and 268435456 (was {options.SocketBufferSize}).");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
