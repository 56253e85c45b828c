using System.Net;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Web.Api.Models;

/// <summary>A node to enroll; only name and address are required.</summary>
public sealed record EnrollNodeRequest
{
    public string? Name { get; init; }

    public string? Address { get; init; }

    public string? PublicAddress { get; init; }

    public string? PrivateAddress { get; init; }

    public int? WebPort { get; init; }

    public bool? WebTls { get; init; }

    public int? SshPort { get; init; }

    public int? FaspPort { get; init; }

    public int? NodedPort { get; init; }

    public int? Preference { get; init; }

    public int? Weight { get; init; }

    public NodeDefinition? ToDefinition(int defaultPreference, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors["name"] = ["The field is required."];
        }
        else if (Name.Length > 63 || !Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors["name"] = ["Use 1-63 letters, digits, '-', '_' or '.'."];
        }

        var address = Address is null ? Missing(errors, "address") : Parse(errors, "address", Address);
        var pub = PublicAddress is null ? address : Parse(errors, "publicAddress", PublicAddress);
        var priv = PrivateAddress is null ? address : Parse(errors, "privateAddress", PrivateAddress);
        var ports = new NodePorts
        {
            Web = Port(errors, "webPort", WebPort, 443),
            WebTls = WebTls ?? true,
            Ssh = Port(errors, "sshPort", SshPort, 33001),
            Fasp = Port(errors, "faspPort", FaspPort, 33001),
            Noded = Port(errors, "nodedPort", NodedPort, 9092),
        };
        if (Weight is < 1 or > 1000)
        {
            errors["weight"] = ["The weight must be between 1 and 1000."];
        }

        if (errors.Count > 0 || address is null || pub is null || priv is null)
        {
            return null;
        }

        return new NodeDefinition
        {
            Name = Name!,
            ManagementAddress = address,
            PublicAddress = pub,
            PrivateAddress = priv,
            Ports = ports,
            Preference = Preference ?? defaultPreference,
            Weight = Weight ?? 1,
        };
    }

    private static IPAddress? Missing(Dictionary<string, string[]> errors, string field)
    {
        errors[field] = ["The field is required."];
        return null;
    }

    private static IPAddress? Parse(Dictionary<string, string[]> errors, string field, string value)
    {
        if (IPAddress.TryParse(value, out var address) && value.Contains(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? '.' : ':', StringComparison.Ordinal))
        {
            return address;
        }

        errors[field] = [$"'{value}' is not an IP address."];
        return null;
    }

    private static int Port(Dictionary<string, string[]> errors, string field, int? value, int fallback)
    {
        if (value is < 1 or > 65535)
        {
            errors[field] = ["The port must be between 1 and 65535."];
        }

        return value ?? fallback;
    }
}
