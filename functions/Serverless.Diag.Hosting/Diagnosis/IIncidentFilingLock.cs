namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// Serialises incident filing per environment across processes and instances: on Flex Consumption the timer
/// and an on-demand <c>file_issues=true</c> call run on different instances and would both open the same issue.
/// </summary>
public interface IIncidentFilingLock
{
    /// <summary>Waits until this process alone may file incidents for <paramref name="environments"/>; dispose to release.</summary>
    /// <returns>The environments this process may file now (another instance may keep some), and why any were left out.</returns>
    /// <exception cref="IncidentLockException">The lock store could not be reached or the wait ran out.</exception>
    Task<IncidentFilingHold> AcquireAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken);
}

/// <summary>What a filing lock granted; released on dispose.</summary>
public sealed class IncidentFilingHold(IReadOnlySet<string> environments, IReadOnlyList<string> problems, Func<ValueTask> release) : IAsyncDisposable
{
    /// <summary>The environments whose incidents may be filed while this is held.</summary>
    public IReadOnlySet<string> Environments => environments;

    /// <summary>Environments left out (another instance is filing them) or filed without the lock (store unreachable), as sentences.</summary>
    public IReadOnlyList<string> Problems => problems;

    public ValueTask DisposeAsync() => release();
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

/// <summary>One process, no other instance (no state store configured): filing is serial within the process.</summary>
public sealed class InProcessIncidentFilingLock : IIncidentFilingLock, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    public async Task<IncidentFilingHold> AcquireAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new IncidentFilingHold(environments.ToHashSet(StringComparer.Ordinal), [], () =>
        {
            _gate.Release();
            return ValueTask.CompletedTask;
        });
    }
}
