using Microsoft.Extensions.Logging;
using SharesConsole.Agent.Drivers;
using SharesConsole.Agent.Epochs;
using SharesConsole.Agent.Services;
using SharesConsole.Core.Agents;

namespace SharesConsole.Agent.Commands;

/// <summary>Checks a command's epoch, runs it against the drivers within the command timeout, and always replies.</summary>
public sealed partial class CommandExecutor(
    string nodeName, ServiceBoard board, EpochStore epochs, TimeSpan commandTimeout, TimeProvider timeProvider, ILogger<CommandExecutor> logger)
{
    public async Task<CommandReply> ExecuteAsync(AgentCommand? command, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var reply = await ExecuteCoreAsync(command, cancellationToken).ConfigureAwait(false);
        reply = reply with { DurationMs = timeProvider.GetElapsedTime(started).TotalMilliseconds, Node = nodeName };
        if (reply.Ok)
        {
            LogCommandDone(logger, nodeName, command!.Kind, command.ServiceName, command.Epoch, reply.DurationMs);
        }
        else
        {
            LogCommandFailed(logger, nodeName, command?.Kind, command?.ServiceName, command?.Epoch, reply.Error, reply.Message);
        }

        return reply;
    }

    /// <summary>Stops every active/passive service in reverse start order, continuing past failures.</summary>
    public Task<(List<string> Stopped, List<string> Errors)> StopActivePassiveAsync(CancellationToken cancellationToken) =>
        EachActivePassiveAsync(s => s.Driver.StopAsync, cancellationToken);

    /// <summary>The self-fence: kills every active/passive service in reverse start order, continuing past failures.</summary>
    public Task<(List<string> Stopped, List<string> Errors)> FenceActivePassiveAsync(CancellationToken cancellationToken) =>
        EachActivePassiveAsync(s => s.Driver.FenceAsync, cancellationToken);

    private async Task<(List<string> Stopped, List<string> Errors)> EachActivePassiveAsync(
        Func<SupervisedService, Func<CancellationToken, Task<DriverResult>>> action, CancellationToken cancellationToken)
    {
        var stopped = new List<string>();
        var errors = new List<string>();
        foreach (var service in board.ActivePassiveStopOrder)
        {
            var (ok, error, message) = await RunDriverAsync(service, action, cancellationToken).ConfigureAwait(false);
            if (ok)
            {
                stopped.Add(service.Name);
            }
            else
            {
                errors.Add($"{service.Name}: {error}: {message}");
            }
        }

        return (stopped, errors);
    }

    private async Task<CommandReply> ExecuteCoreAsync(AgentCommand? command, CancellationToken cancellationToken)
    {
        if (CommandValidation.Problem(command) is { } problem)
        {
            return CommandReply.Failure(command?.Id ?? "", nodeName, CommandErrorCode.Malformed, problem, epochs.Highest);
        }

        if (epochs.ObserveTerm(command!.Term) is (false, var highestTerm))
        {
            return CommandReply.Failure(command.Id, nodeName, CommandErrorCode.StaleTerm,
                $"Command of leader term {command.Term} refused: this node has seen term {highestTerm}; it comes from a control plane that is no longer the leader.", epochs.Highest);
        }

        var (accepted, highest) = await epochs.ObserveAsync(command.Epoch, cancellationToken).ConfigureAwait(false);
        if (!accepted && command.Epoch > highest)
        {
            return CommandReply.Failure(command.Id, nodeName, CommandErrorCode.EpochJump,
                $"Command epoch {command.Epoch} is more than {epochs.MaxJump} above the highest epoch {highest} this node has seen; refused (Agent:MaxEpochJump).", highest);
        }

        if (!accepted)
        {
            return CommandReply.Failure(command.Id, nodeName, CommandErrorCode.StaleEpoch,
                $"Command epoch {command.Epoch} is lower than the highest epoch {highest} this node has seen.", highest);
        }

        return command.Kind switch
        {
            AgentCommandKind.Start => await OneServiceAsync(command, s => s.Driver.StartAsync, cancellationToken).ConfigureAwait(false),
            AgentCommandKind.Stop => await OneServiceAsync(command, s => s.Driver.StopAsync, cancellationToken).ConfigureAwait(false),
            AgentCommandKind.StopActivePassive => await StopAllAsync(command, cancellationToken).ConfigureAwait(false),
            _ => await ReportAsync(command, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<CommandReply> OneServiceAsync(
        AgentCommand command, Func<SupervisedService, Func<CancellationToken, Task<DriverResult>>> action, CancellationToken cancellationToken)
    {
        if (board.Find(command.ServiceName) is not { } service)
        {
            var known = string.Join(", ", board.Services.Select(s => s.Name));
            return CommandReply.Failure(command.Id, nodeName, CommandErrorCode.UnknownService,
                $"Service '{command.ServiceName}' is not configured on {nodeName} (configured: {known}).", epochs.Highest);
        }

        var (ok, error, message) = await RunDriverAsync(service, action, cancellationToken).ConfigureAwait(false);
        await board.RefreshAsync(service, cancellationToken).ConfigureAwait(false);
        var (sequence, services) = board.TakeSnapshot();
        return new CommandReply
        {
            CommandId = command.Id, Ok = ok, Error = error, Message = message, AgentEpoch = epochs.Highest, Services = services,
            Instance = board.Instance, Sequence = sequence,
        };
    }

    private async Task<CommandReply> StopAllAsync(AgentCommand command, CancellationToken cancellationToken)
    {
        var (stopped, errors) = await StopActivePassiveAsync(cancellationToken).ConfigureAwait(false);
        await board.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var (sequence, services) = board.TakeSnapshot();
        return new CommandReply
        {
            CommandId = command.Id,
            Ok = errors.Count == 0,
            Error = errors.Count == 0 ? CommandErrorCode.None : CommandErrorCode.DriverError,
            Message = errors.Count == 0 ? $"Stopped {string.Join(", ", stopped)}." : string.Join(" ", errors),
            AgentEpoch = epochs.Highest,
            Services = services,
            Instance = board.Instance,
            Sequence = sequence,
        };
    }

    private async Task<CommandReply> ReportAsync(AgentCommand command, CancellationToken cancellationToken)
    {
        await board.RefreshAsync(cancellationToken).ConfigureAwait(false);
        var (sequence, services) = board.TakeSnapshot();
        return new CommandReply { CommandId = command.Id, Ok = true, AgentEpoch = epochs.Highest, Services = services, Instance = board.Instance, Sequence = sequence };
    }

    private async Task<(bool Ok, CommandErrorCode Error, string? Message)> RunDriverAsync(
        SupervisedService service, Func<SupervisedService, Func<CancellationToken, Task<DriverResult>>> action, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(commandTimeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            // WaitAsync also bounds a driver that ignores its token.
            var result = await action(service)(linked.Token).WaitAsync(commandTimeout, timeProvider, cancellationToken).ConfigureAwait(false);
            return result.Ok
                ? (true, CommandErrorCode.None, result.Unchanged ? "Already in the requested state." : null)
                : (false, CommandErrorCode.DriverError, result.Error);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            return (false, CommandErrorCode.Timeout, $"The {service.Options.Driver} driver for {service.Name} did not finish within {commandTimeout.TotalSeconds:0.###} s.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (false, CommandErrorCode.DriverError, $"{service.Name}: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            // A driver still running after WaitAsync gave up must see its token cancelled before the sources are disposed.
            await linked.CancelAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Node {Node}: {Kind} {Service} (epoch {Epoch}) done in {DurationMs:0} ms")]
    private static partial void LogCommandDone(ILogger logger, string node, AgentCommandKind kind, string? service, long epoch, double durationMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Node {Node}: {Kind} {Service} (epoch {Epoch}) refused or failed: {Error} {Message}")]
    private static partial void LogCommandFailed(ILogger logger, string node, AgentCommandKind? kind, string? service, long? epoch, CommandErrorCode error, string? message);
}
