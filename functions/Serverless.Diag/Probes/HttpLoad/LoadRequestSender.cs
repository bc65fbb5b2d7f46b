using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Security.Authentication;

namespace Serverless.Diag.Probes.HttpLoad;

/// <summary>
/// Sends one worker's requests, one at a time, and classifies how each ended. The hot path reuses the
/// worker's drain buffer and timeout source; what it allocates per request is only what HttpClient's own
/// request/response types need.
/// </summary>
internal sealed class LoadRequestSender : IDisposable
{
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpLoadOptions _options;
    private readonly MediaTypeHeaderValue? _contentType;
    private readonly CancellationToken _runToken;
    private readonly string? _traceParent;
    private readonly byte[] _drain = new byte[16 * 1024];
    private CancellationTokenSource _timeout;

    /// <param name="traceParent">The check's <c>traceparent</c>, sent with every request unless the check sets its own.</param>
    public LoadRequestSender(HttpMessageInvoker invoker, HttpLoadOptions options, CancellationToken runToken, string? traceParent = null)
    {
        _invoker = invoker;
        _traceParent = traceParent;
        _options = options;
        _runToken = runToken;
        _contentType = options.ContentType is null ? null : MediaTypeHeaderValue.Parse(options.ContentType);
        _timeout = CancellationTokenSource.CreateLinkedTokenSource(runToken);
    }

    /// <exception cref="OperationCanceledException">The run (not the request) was cancelled.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<LoadOutcome> SendAsync()
    {
        using var request = CreateRequest();
        _timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _invoker.SendAsync(request, _timeout.Token);
            var body = await response.Content.ReadAsStreamAsync(_timeout.Token);
            await using (body.ConfigureAwait(false))
            {
                while (await body.ReadAsync(_drain, _timeout.Token) > 0)
                {
                }
            }

            return LoadOutcome.Response((int)response.StatusCode);
        }
        catch (OperationCanceledException e) when (!_runToken.IsCancellationRequested)
        {
            return LoadOutcome.Failure(LoadErrorKind.Timeout, e);
        }
        catch (Exception e) when (!_runToken.IsCancellationRequested && e is HttpRequestException or IOException or SocketException or AuthenticationException)
        {
            return LoadOutcome.Failure(Classify(e), e);
        }
        finally
        {
            if (!_timeout.TryReset())
            {
                _timeout.Dispose();
                _timeout = CancellationTokenSource.CreateLinkedTokenSource(_runToken);
            }
        }
    }

    public void Dispose() => _timeout.Dispose();

    internal static LoadErrorKind Classify(Exception e)
    {
        if (e is HttpRequestException { HttpRequestError: var error } && error != HttpRequestError.Unknown)
        {
            switch (error)
            {
                case HttpRequestError.NameResolutionError:
                    return LoadErrorKind.Dns;
                case HttpRequestError.SecureConnectionError:
                    return LoadErrorKind.Tls;
                case HttpRequestError.ConnectionError:
                    return LoadErrorKind.Connection;
                case HttpRequestError.ResponseEnded:
                    return LoadErrorKind.Reset;
                case HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError or HttpRequestError.VersionNegotiationError:
                    return LoadErrorKind.Protocol;
            }
        }

        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.AddressNotAvailable }:
                    return LoadErrorKind.Connection;
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }:
                    return LoadErrorKind.Dns;
                case SocketException or IOException:
                    return LoadErrorKind.Reset;
                case AuthenticationException:
                    return LoadErrorKind.Tls;
            }
        }

        return LoadErrorKind.Other;
    }

    private HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(_options.Method, _options.Url);
        var headers = _options.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            request.Headers.TryAddWithoutValidation(headers[i].Key, headers[i].Value);
        }

        if (_traceParent is not null && !request.Headers.Contains(TraceContext.HeaderName))
        {
            request.Headers.TryAddWithoutValidation(TraceContext.HeaderName, _traceParent);
        }

        if (_options.Body is { } body)
        {
            request.Content = new ByteArrayContent(body) { Headers = { ContentType = _contentType } };
        }

        return request;
    }
}
