using Serverless.Diag.Probes;

namespace Serverless.Diag.Redis;

/// <summary>Causes only Redis has, besides the engine's refused/timeout/dns/tls/auth.</summary>
internal static class RedisCauses
{
    /// <summary>The server is loading its dataset from disk and answers -LOADING.</summary>
    public static ErrorCause Loading { get; } = new("loading");

    /// <summary>maxmemory reached under noeviction: writes answer -OOM.</summary>
    public static ErrorCause OutOfMemory { get; } = new("oom");

    /// <summary>A replica refused a write (-READONLY).</summary>
    public static ErrorCause ReadOnly { get; } = new("readonly");

    /// <summary>maxclients reached: the server accepted the socket and sent "max number of clients reached".</summary>
    public static ErrorCause TooManyClients { get; } = new("too_many_clients");

    /// <summary>The check's own command failed (wrong type, ACL).</summary>
    public static ErrorCause Command { get; } = new("command");
}
