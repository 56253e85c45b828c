using Microsoft.AspNetCore.Components;

namespace SharesConsole.Web.Components.Live;

/// <summary>
/// Base for components fed by live streams: each watch loop runs until the component is disposed,
/// applies items on the renderer through <see cref="ComponentBase.InvokeAsync(Action)"/> and reports
/// failures through <see cref="ComponentBase.DispatchExceptionAsync"/>.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _lifetime = new();
    private readonly List<Task> _loops = [];

    protected CancellationToken Lifetime => _lifetime.Token;

    /// <summary>Starts reading <paramref name="source"/>; <paramref name="apply"/> returns false to skip the re-render.</summary>
    protected void Watch<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, Func<T, bool> apply)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(apply);
        _loops.Add(ReadAsync(source, apply));
    }

    private async Task ReadAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, Func<T, bool> apply)
    {
        try
        {
            await foreach (var item in source(_lifetime.Token))
            {
                await InvokeAsync(() =>
                {
                    if (apply(item))
                    {
                        StateHasChanged();
                    }
                });
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed: the circuit is gone or the user navigated away.
        }
        catch (ObjectDisposedException) when (!RendererInfo.IsInteractive)
        {
            // A prerender that ended (its request scope disposed) while an item was on its way: nothing to render into.
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync();
        await Task.WhenAll(_loops);
        _lifetime.Dispose();
        await DisposeCoreAsync();
        GC.SuppressFinalize(this);
    }

    protected virtual ValueTask DisposeCoreAsync() => ValueTask.CompletedTask;
}
