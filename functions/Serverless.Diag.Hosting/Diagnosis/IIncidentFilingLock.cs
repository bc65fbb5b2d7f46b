namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// Serialises incident filing per environment across processes and instances: on Flex Consumption the timer
/// and an on-demand <c>file_issues=true</c> call run on different instances and would both open the same issue.
/// </summary>
public interface IIncidentFilingLock
{
    /// <summary>Waits until this process alone may file incidents for <paramref name="environments"/>; dispose to release.</summary>
    /// <exception cref="IncidentLockException">The lock store could not be reached or the wait ran out.</exception>
    Task<IAsyncDisposable> AcquireAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken);
}

/// <summary>The lock store failed: incidents are not filed for this run (filing without the lock could duplicate them).</summary>
public sealed class IncidentLockException : Exception
{
    public IncidentLockException()
    {
    }

    public IncidentLockException(string message)
        : base(message)
    {
    }

    public IncidentLockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>One process, no other instance (CLI, a single <c>serve</c>): filing is already serial enough.</summary>
public sealed class InProcessIncidentFilingLock : IIncidentFilingLock, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<IAsyncDisposable> AcquireAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
