using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Commands;

internal static class CommandValidation
{
    /// <summary>What is wrong with the command, or null when it is well formed.</summary>
    public static string? Problem(AgentCommand? command)
    {
        if (command is null)
        {
            return "The command is empty.";
        }

        if (string.IsNullOrWhiteSpace(command.Id))
        {
            return "The command has no id.";
        }

        if (!Enum.IsDefined(command.Kind))
        {
            return $"Unknown command kind {(int)command.Kind}.";
        }

        if (command.Epoch < 0)
        {
            return $"The command epoch {command.Epoch} is negative.";
        }

        if (command.Kind is AgentCommandKind.Start or AgentCommandKind.Stop && string.IsNullOrWhiteSpace(command.ServiceName))
        {
            return $"A {command.Kind} command needs a service name.";
        }

        if (command.Kind == AgentCommandKind.PoisonPill && (string.IsNullOrWhiteSpace(command.TargetNode) || command.TimeoutMs is not > 0))
        {
            return "A PoisonPill command needs a target node and a positive timeout.";
        }

        return null;
    }
}
