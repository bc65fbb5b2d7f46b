namespace Serverless.Diag.Probes.Http;

/// <summary>
/// The connection phases of one request, filled by the shared handler's callbacks (.NET's own pipeline:
/// the ConnectCallback resolves and connects, the PlaintextStreamFilter runs once TLS is established).
/// Travels with the request as a <see cref="TimedRequest"/> (a field, not an <c>Options</c> entry, which would
/// cost a dictionary per request). When a pooled connection is reused none of the callbacks run and the phases
/// stay null.
/// </summary>
internal sealed class PhaseTimings(TimeProvider time)
{
    private long _connectedAt;

    public TimeProvider Time => time;

    public TimeSpan? Dns { get; private set; }

    public TimeSpan? Connect { get; private set; }

    public TimeSpan? Tls { get; private set; }

    /// <summary>True once this request opened a connection of its own.</summary>
    public bool OpenedConnection => Connect is not null;

    public void Resolved(long startedAt) => Dns = time.GetElapsedTime(startedAt);

    public void Connected(long startedAt)
    {
        _connectedAt = time.GetTimestamp();
        Connect = time.GetElapsedTime(startedAt, _connectedAt);
    }

    public void Secured()
    {
        if (_connectedAt != 0)
        {
            Tls = time.GetElapsedTime(_connectedAt);
        }
    }

    public static PhaseTimings? Of(HttpRequestMessage? request) => (request as TimedRequest)?.Timings;
}
