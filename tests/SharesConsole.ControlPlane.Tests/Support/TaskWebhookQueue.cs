using System.Collections.Concurrent;
using SharesConsole.ControlPlane.Events.Webhooks;

namespace SharesConsole.ControlPlane.Tests.Support;

/// <summary>
/// The host's job queue, played by the thread pool: each piece of delivery work runs as its own task, so several drains
/// of one webhook may run at once (as on Hangfire's workers); delays run on the harness clock. Disposing cancels and
/// awaits the work. Work that throws is kept in <see cref="Failures"/> for the test to report.
/// </summary>
public sealed class TaskWebhookQueue(IServiceProvider services, TimeProvider time) : IWebhookDeliveryQueue, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _work = new();

    public ConcurrentQueue<Exception> Failures { get; } = new();

    public void Drain(int webhookId, TimeSpan delay) => Run(delay, (deliverer, ct) => deliverer.DrainAsync(webhookId, ct));

    public void Deliver(long deliveryId, TimeSpan delay) => Run(delay, (deliverer, ct) => deliverer.DeliverAsync(deliveryId, ct));

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_work.Keys);
    }

    private void Run(TimeSpan delay, Func<WebhookDeliverer, CancellationToken, Task> work)
    {
        var token = _stopping.Token;
        var task = Task.Run(
            async () =>
            {
                try
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, time, token);
                    }

                    await work(services.GetRequiredService<WebhookDeliverer>(), token);
                }
                catch (Exception) when (token.IsCancellationRequested)
                {
                    // Stopping: the work is persisted and the next start's sweep takes it up.
                }
                catch (Exception e)
                {
                    Failures.Enqueue(e);
                }
            },
            CancellationToken.None);
        _work[task] = true;
        task.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
