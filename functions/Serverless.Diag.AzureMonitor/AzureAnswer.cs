namespace Serverless.Diag.AzureMonitor;

/// <summary>A parsed success, or an error status with its body (the retry policy already had its go).</summary>
internal sealed record AzureAnswer<T>(T? Value, int Status, string Body)
    where T : class
{
    public bool IsError => Value is null;

    public static AzureAnswer<T> Ok(T value, int status, string body) => new(value, status, body);

    public static AzureAnswer<T> Failed(int status, string body) => new(null, status, body);
}
