namespace Serverless.Diag.Probes;

/// <summary>
/// Why a probe could not measure. A string-backed value rather than an enum so a driver pack can name
/// its own causes (e.g. <c>too_many_connections</c>) without touching the engine.
/// </summary>
public readonly record struct ErrorCause(string Name)
{
    public static ErrorCause Refused { get; } = new("refused");
    public static ErrorCause Timeout { get; } = new("timeout");
    public static ErrorCause Dns { get; } = new("dns");
    public static ErrorCause Tls { get; } = new("tls");
    public static ErrorCause Reset { get; } = new("reset");
    public static ErrorCause BodyTooLarge { get; } = new("body_too_large");
    public static ErrorCause NotJson { get; } = new("not_json");
    public static ErrorCause Auth { get; } = new("auth");
    public static ErrorCause Protocol { get; } = new("protocol");
    public static ErrorCause Unavailable { get; } = new("unavailable");
    public static ErrorCause Network { get; } = new("network");
    public static ErrorCause NotAllowed { get; } = new("not_allowed");
    public static ErrorCause Internal { get; } = new("internal");

    public override string ToString() => Name;
}

public sealed record ProbeError(ErrorCause Cause, string Message)
{
    public override string ToString() => $"{Cause}: {Message}";
}
