using Microsoft.Extensions.Logging;
using Serverless.Diag.State;

namespace Serverless.Diag.Hosting.Diagnosis;

/// <summary>
/// Incident filing serialised through leases in the state store (one per environment), so the timer on one instance
/// and an on-demand run on another never file the same incident twice. Runs in this process also queue on a local
/// gate first, so they do not poll the store for each other.
/// </summary>
/// <param name="wait">How long to wait for another instance's lease before leaving that environment out of this run.</param>
public sealed class StoreIncidentFilingLock(IStateStore store, TimeProvider time, ILogger logger, TimeSpan wait, TimeSpan? operationTimeout = null)
    : IIncidentFilingLock, IDisposable
{
    private readonly SemaphoreSlim _local = new(1, 1);

    public IStateStore Store => store;

    public void Dispose() => _local.Dispose();

    public async Task<IncidentFilingHold> AcquireAsync(IReadOnlyList<string> environments, CancellationToken cancellationToken)
    {
        await _local.WaitAsync(cancellationToken);
        LeaseSet leases;
        try
        {
            // A fresh owner per filing: a lease left by a crashed run of this instance expires like any other.
            var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
            leases = await IncidentLeases.AcquireAsync(store, environments, owner, wait, operationTimeout ?? IncidentLeases.OperationTimeout, time, logger, cancellationToken);
        }
        catch
        {
            _local.Release();
            throw;
        }

        return new IncidentFilingHold(leases.Held, leases.Problems, async () =>
        {
            try
            {
                await leases.DisposeAsync();
            }
            finally
            {
                _local.Release();
            }
        });
    }
}
