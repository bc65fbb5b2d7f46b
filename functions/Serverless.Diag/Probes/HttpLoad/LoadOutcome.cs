namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>The result of one request: a status code, or an error kind with the exception that caused it.</summary>
public readonly record struct LoadOutcome(int Status, LoadErrorKind Error, Exception? Exception = null)
{
    public bool IsSuccess => Error == LoadErrorKind.None;

    public bool GotResponse => Status > 0;

    public static LoadOutcome Response(int status) =>
        new(status, status is >= 200 and < 400 ? LoadErrorKind.None : LoadErrorKind.Status);

    public static LoadOutcome Failure(LoadErrorKind kind, Exception? exception) => new(0, kind, exception);
}
