using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using SharesConsole.Core.Cluster;

namespace SharesConsole.Edge.Remote;

/// <summary>The one JSON form of a <see cref="ClusterTopology"/> on the wire and in the edge's snapshot file.</summary>
public static class TopologyJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new IPAddressConverter(), new JsonStringEnumConverter() },
    };

    public static EdgeConfig ToConfig(ClusterTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var json = JsonSerializer.Serialize(topology, Options);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(json));
        return new EdgeConfig { Version = Convert.ToHexStringLower(digest.AsSpan(0, 8)), Topology = json };
    }

    /// <summary>Reads a topology; a clear <see cref="FormatException"/> for anything that is not one.</summary>
    public static ClusterTopology Parse(string json)
    {
        try
        {
            var topology = JsonSerializer.Deserialize<ClusterTopology>(json, Options)
                ?? throw new FormatException("The configuration is empty.");
            if (topology.Settings.Vip is null || topology.Nodes.IsDefault)
            {
                throw new FormatException("The configuration has no VIP or no node list.");
            }

            return topology;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The configuration is not a cluster topology: {ex.Message}", ex);
        }
    }

    internal static JsonSerializerOptions SerializerOptions => Options;

    private sealed class IPAddressConverter : JsonConverter<IPAddress>
    {
        public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            IPAddress.TryParse(reader.GetString(), out var address) ? address : throw new JsonException("not an IP address");

        public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
