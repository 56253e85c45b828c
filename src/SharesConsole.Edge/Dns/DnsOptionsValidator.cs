using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using SharesConsole.Core.Networking;
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

        if (!IsOneLabel(options.NameServer))
        {
            errors.Add($"{section}:NameServer must be one host-name label such as 'ns1' (was '{options.NameServer}').");
        }

        ValidateNameServers(options.NameServers, errors);

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

    private static void ValidateNameServers(DnsNameServer[] entries, List<string> errors)
    {
        var key = $"{DnsOptions.SectionName}:{nameof(DnsOptions.NameServers)}";
        if (entries.Length > DnsOptions.MaxNameServers)
        {
            errors.Add($"{key} lists {entries.Length} name servers; at most {DnsOptions.MaxNameServers} keep the NS answer with its glue within a 512-byte UDP reply.");
        }

        var names = new Dictionary<(string Name, AddressFamily Family), int>();
        var addresses = new Dictionary<IPAddress, int>();
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i] ?? new DnsNameServer();
            var nameValid = IsHostLabel(entry.Name);
            if (!nameValid)
            {
                errors.Add($"{key}:{i}:Name must be one host-name label (letters, digits and inner hyphens, at most 63) such as 'edge1' (was '{entry.Name}').");
            }

            if (!TryParseUnicast(entry.Address, out var address))
            {
                errors.Add($"{key}:{i}:Address '{entry.Address}' is not one written-out unicast IP address such as 10.0.0.31 or fd00::31.");
                continue;
            }

            if (!addresses.TryAdd(address, i))
            {
                errors.Add($"{key}:{i}:Address '{entry.Address}' is already listed at {key}:{addresses[address]}.");
            }

            var family = address.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6";
            if (nameValid && !names.TryAdd((entry.Name.Trim().ToLowerInvariant(), address.AddressFamily), i))
            {
                errors.Add($"{key}:{i}:Name '{entry.Name}' already has an {family} address at {key}:{names[(entry.Name.Trim().ToLowerInvariant(), address.AddressFamily)]} (one entry per name and address family).");
            }
        }
    }

    private static bool IsOneLabel(string? name) =>
        DnsName.Encode(name) is { Length: > 2 } label && label[0] == label.Length - 2;

    /// <summary>An NS target is a host name (RFC 1123 2.1): no underscore, no hyphen at either end.</summary>
    private static bool IsHostLabel(string? name) =>
        IsOneLabel(name) && name!.Trim().TrimEnd('.') is var label
        && !label.Contains('_', StringComparison.Ordinal) && label[0] != '-' && label[^1] != '-';

    /// <summary>Written out in full (not "10" or "0x7f.1", which <see cref="IPAddress"/> also reads) and usable as a glue address.</summary>
    private static bool TryParseUnicast(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (text is null || text.Contains('/', StringComparison.Ordinal) || !NetworkText.TryParse(text, out var network))
        {
            return false;
        }

        address = network.BaseAddress.IsIPv4MappedToIPv6 ? network.BaseAddress.MapToIPv4() : network.BaseAddress;
        return !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.Broadcast)
            && !address.IsIPv6Multicast && !(address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] is >= 224 and <= 239);
    }
}
