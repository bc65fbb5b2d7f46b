namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>Why one request failed. <see cref="None"/>: an HTTP response arrived (its status decides success).</summary>
public enum LoadErrorKind
{
    None = 0,

    /// <summary>A response with a status outside 2xx/3xx.</summary>
    Status,

    /// <summary>No complete response within <c>request_timeout</c>.</summary>
    Timeout,

    /// <summary>The connection could not be opened (refused, unreachable).</summary>
    Connection,

    /// <summary>The connection broke after the request was sent (reset, closed mid-response).</summary>
    Reset,

    Dns,

    Tls,

    /// <summary>The server answered something that is not HTTP.</summary>
    Protocol,

    Other,
}

internal static class LoadErrorKinds
{
    public static readonly LoadErrorKind[] All = Enum.GetValues<LoadErrorKind>();

    public static readonly int Count = All.Length;

    /// <summary>The measurement name under <c>errors.</c>.</summary>
    public static string Name(LoadErrorKind kind) => kind switch
    {
        LoadErrorKind.None => "none",
        LoadErrorKind.Status => "status",
        LoadErrorKind.Timeout => "timeout",
        LoadErrorKind.Connection => "connection",
        LoadErrorKind.Reset => "reset",
        LoadErrorKind.Dns => "dns",
        LoadErrorKind.Tls => "tls",
        LoadErrorKind.Protocol => "protocol",
        _ => "other",
    };

    /// <summary>The probe's error cause when no request got any response.</summary>
    public static ErrorCause Cause(LoadErrorKind kind) => kind switch
    {
        LoadErrorKind.Timeout => ErrorCause.Timeout,
        LoadErrorKind.Connection => ErrorCause.Refused,
        LoadErrorKind.Reset => ErrorCause.Reset,
        LoadErrorKind.Dns => ErrorCause.Dns,
        LoadErrorKind.Tls => ErrorCause.Tls,
        LoadErrorKind.Protocol => ErrorCause.Protocol,
        _ => ErrorCause.Network,
    };
}
