namespace Serverless.Diag.Probes.HttpLoad;

public enum LoadModel
{
    /// <summary>A fixed number of workers, each sending its next request when the previous one completes (ab, wrk).</summary>
    Closed,

    /// <summary>Requests start on a fixed schedule whatever the server does; latency counts from the scheduled start (wrk2).</summary>
    Open,
}
