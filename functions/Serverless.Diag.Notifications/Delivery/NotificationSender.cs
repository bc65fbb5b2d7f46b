using System.Net;
using System.Net.Http.Headers;

namespace Serverless.Diag.Notifications.Delivery;

/// <summary>
/// Posts one payload with retries inside the run: a timeout, a dropped connection, 5xx, 408 and 429 are retried
/// with backoff (429 and 503 honour <c>Retry-After</c>); other 4xx are final. Never throws for the receiver's fault.
/// </summary>
internal sealed class NotificationSender(HttpClient http, TimeProvider time, DeliveryOptions options)
{
    public async Task<DeliveryResult> SendAsync(Uri endpoint, byte[] body, IReadOnlyList<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        string? error = null;
        for (var attempt = 1; attempt <= options.MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            using (var timeout = new CancellationTokenSource(options.AttemptTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    foreach (var (name, value) in headers)
                    {
                        request.Headers.TryAddWithoutValidation(name, value);
                    }

                    using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                    var status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return DeliveryResult.Ok(attempt);
                    }

                    error = $"HTTP {status} {response.ReasonPhrase}";
                    if (status is not (408 or 429) && status < 500)
                    {
                        return new DeliveryResult(false, false, attempt, error);
                    }

                    retryAfter = RetryAfter(response, time.GetUtcNow());
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    error = $"no answer within {options.AttemptTimeout.TotalSeconds:0.#} s";
                }
                catch (HttpRequestException ex)
                {
                    error = ex.HttpRequestError == HttpRequestError.Unknown ? "connection failed" : $"connection failed ({ex.HttpRequestError})";
                }
            }

            if (attempt == options.MaxAttempts)
            {
                break;
            }

            var wait = retryAfter ?? options.FirstBackoff * Math.Pow(2, attempt - 1);
            if (wait > options.MaxRetryAfter)
            {
                error += $"; Retry-After {wait.TotalSeconds:0} s is left to the next run";
                return new DeliveryResult(false, true, attempt, error);
            }

            await Task.Delay(wait, time, cancellationToken);
        }

        return new DeliveryResult(false, true, options.MaxAttempts, error);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        var wait = header.Delta ?? (header.Date is { } date ? date - now : null);
        return wait is { } w && w > TimeSpan.Zero ? w : TimeSpan.Zero;
    }
}
