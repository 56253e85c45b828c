using SharesConsole.Core.Cluster;
using SharesConsole.Data.Entities;

namespace SharesConsole.Data.Conversions;

public static class NodeMapping
{
    public static void Apply(NodeDefinition node, NodeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(entity);
        entity.Name = node.Name;
        entity.ManagementAddress = node.ManagementAddress.ToString();
        entity.PublicAddress = node.PublicAddress.ToString();
        entity.PrivateAddress = node.PrivateAddress.ToString();
        entity.WebPort = node.Ports.Web;
        entity.WebTls = node.Ports.WebTls;
        entity.SshPort = node.Ports.Ssh;
        entity.FaspPort = node.Ports.Fasp;
        entity.NodedPort = node.Ports.Noded;
        entity.Preference = node.Preference;
        entity.Weight = node.Weight;
    }

    public static NodeState ToState(NodeEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var column = $"Nodes[{entity.Name}]";
        var node = new NodeDefinition
        {
            Name = entity.Name,
            ManagementAddress = StoredText.Address(entity.ManagementAddress, column + ".ManagementAddress"),
            PublicAddress = StoredText.Address(entity.PublicAddress, column + ".PublicAddress"),
            PrivateAddress = StoredText.Address(entity.PrivateAddress, column + ".PrivateAddress"),
            Ports = new NodePorts
            {
                Web = entity.WebPort,
                WebTls = entity.WebTls,
                Ssh = entity.SshPort,
                Fasp = entity.FaspPort,
                Noded = entity.NodedPort,
            },
            Preference = entity.Preference,
            Weight = entity.Weight,
        };
        return new NodeState(node, (OperatorIntent)entity.Intent);
    }
}
