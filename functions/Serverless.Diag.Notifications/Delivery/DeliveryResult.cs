namespace Serverless.Diag.Notifications.Delivery;

/// <summary>The end of one run's attempts at one request.</summary>
/// <param name="Retryable">False for an answer that repeating cannot change (4xx other than 408/429).</param>
internal sealed record DeliveryResult(bool Delivered, bool Retryable, int Attempts, string? Error)
{
    public static DeliveryResult Ok(int attempts) => new(true, false, attempts, null);
}
