using Microsoft.Extensions.Time.Testing;
using Serverless.Diag.Cli.Commands.Serve;
using Serverless.Diag.Hosting;
using Serverless.Diag.Hosting.Diagnosis;

namespace Serverless.Diag.Tests.Functions;

/// <summary>`serve` (the shared /api/diagnose and scheduler) in this process on a real loopback port, with a stub check type and optionally fake time.</summary>
internal sealed class InProcessHandler : IAsyncDisposable
{
    private readonly string _directory;

    private InProcessHandler(string directory, ServeHost app, StubProbeFactory stub)
    {
        _directory = directory;
        App = app;
        Stub = stub;
        Client = new HttpClient { BaseAddress = new Uri(app.Urls[0]), Timeout = TimeSpan.FromMinutes(2) };
    }

    public ServeHost App { get; }

    public StubProbeFactory Stub { get; }

    public HttpClient Client { get; }

    public static async Task<InProcessHandler> StartAsync(
        string yaml,
        Dictionary<string, string?>? environment = null,
        string? apiKey = null,
        TimeProvider? time = null,
        StubProbeFactory? stub = null,
        Func<DiagnosisSettings, DiagnosisSettings>? adjust = null)
    {
        var directory = Directory.CreateTempSubdirectory("diag-fn-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "diag.yaml"), yaml);
        var env = new Dictionary<string, string?>(environment ?? []);

        // Tests that do not exercise the schedule keep it out of the way (once a year).
        env.TryAdd("DIAG_SCHEDULE", "0 0 0 1 1 *");
        stub ??= new StubProbeFactory();
        var settings = DiagnosisSettings.From(n => env.GetValueOrDefault(n), directory);
        settings = adjust?.Invoke(settings) ?? settings;
        var app = ServeHost.Create(settings, ["http://127.0.0.1:0"], apiKey, n => env.GetValueOrDefault(n), new ServeHostOptions
        {
            Probes = ProbeCatalog.CreateDefault().Add(stub),
            Time = time,
        });
        await app.StartAsync(CancellationToken.None);
        return new InProcessHandler(directory, app, stub);
    }

    public static FakeTimeProvider FakeTime(string utc) => new(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Stub.Gate?.TrySetResult();
        Stub.SlowCreate.Set();
        await App.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
