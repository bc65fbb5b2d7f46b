using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Serverless.Diag.TestKit.AzureMonitor;

/// <summary>One request as the fake received it.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The decoded query parameters.</summary>
    public IReadOnlyDictionary<string, string> QueryParameters =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Query).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>What the fake answers; <paramref name="Delay"/> simulates a slow service.</summary>
public sealed record FakeAnswer(int Status, string Body, TimeSpan Delay = default);

/// <summary>
/// Stands in for both Azure Monitor endpoints (api.loganalytics.io and management.azure.com) on
/// https://127.0.0.1 with a throwaway self-signed certificate (Azure.Core refuses to send a bearer token over
/// plain http). Records every request; answers through <see cref="Responder"/>.
/// </summary>
public sealed class AzureMonitorFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<RecordedRequest> _requests = [];

    private AzureMonitorFake(WebApplication app, X509Certificate2 certificate)
    {
        _app = app;
        Certificate = certificate;
    }

    public Uri Endpoint { get; private set; } = null!;

    public X509Certificate2 Certificate { get; }

    public Func<RecordedRequest, FakeAnswer> Responder { get; set; } = _ => new FakeAnswer(404, "{\"error\":{\"code\":\"NotFound\",\"message\":\"no responder\"}}");

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<AzureMonitorFake> StartAsync()
    {
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var fake = new AzureMonitorFake(app, certificate);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.Endpoint = new Uri(app.Urls.First());
        return fake;
    }

    /// <summary>A client handler that trusts exactly this fake's certificate.</summary>
    public HttpClientHandler CreateTrustingHandler()
    {
        var thumbprint = Certificate.Thumbprint;
        return new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) => cert?.Thumbprint == thumbprint,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body);
        lock (_requests)
        {
            _requests.Add(request);
        }

        var answer = Responder(request);
        if (answer.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(answer.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = TimeProvider.System.GetUtcNow();
        using var created = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Kestrel on Linux needs a key it can use from a PKCS#12 blob, not the ephemeral one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
    }
}
