using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>
/// Starts the handler executable the way the Functions host does: a function-app folder as working directory
/// (host.json, one folder per function, diag.yaml), FUNCTIONS_CUSTOMHANDLER_PORT, the app settings as
/// environment variables; then waits for it to answer GET /. Captures stdout for log assertions.
/// </summary>
internal sealed class HandlerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HandlerProcess(Process process, string appDirectory, int port)
    {
        _process = process;
        AppDirectory = appDirectory;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string AppDirectory { get; }

    public HttpClient Client { get; }

    /// <summary>What the handler wrote to stdout and stderr so far (the host forwards both to its logs).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// The executable next to this test assembly (the test project references the Functions project), or the one
    /// DIAG_FUNCTIONS_EXECUTABLE names, to run these tests against a packaged or Native AOT build.
    /// </summary>
    public static string Executable =>
        Environment.GetEnvironmentVariable("DIAG_FUNCTIONS_EXECUTABLE") is { Length: > 0 } other
            ? other
            : Path.Combine(AppContext.BaseDirectory, "Serverless.Diag.Functions");

    public static async Task<HandlerProcess> StartAsync(string yaml, IReadOnlyDictionary<string, string>? settings = null, string[]? args = null)
    {
        var app = Directory.CreateTempSubdirectory("diag-functionapp-").FullName;
        var repo = RepositoryRoot();
        File.Copy(Path.Combine(repo, "host.json"), Path.Combine(app, "host.json"));
        foreach (var function in new[] { "ScheduledDiagnosis", "Diagnose" })
        {
            Directory.CreateDirectory(Path.Combine(app, function));
            File.Copy(Path.Combine(repo, "functions", "Serverless.Diag.Functions", function, "function.json"), Path.Combine(app, function, "function.json"));
        }

        await File.WriteAllTextAsync(Path.Combine(app, "diag.yaml"), yaml);

        var port = FreePort();
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args ?? [])
        {
            start.ArgumentList.Add(arg);
        }

        // What the host sets for a custom handler; the rest are the app's own settings.
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "custom";
        start.Environment["AzureWebJobsScriptRoot"] = app;
        start.Environment["DIAG_SCHEDULE"] = "0 */5 * * * *";
        start.Environment.Remove("GITHUB_TOKEN");
        start.Environment.Remove("GITHUB_REPOSITORY");
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var handler = new HandlerProcess(process, app, port);
        process.OutputDataReceived += (_, e) => handler.Append(e.Data);
        process.ErrorDataReceived += (_, e) => handler.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await handler.WaitUntilReadyAsync();
        return handler;
    }

    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Serverless.Diag.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Serverless.Diag.sln not found");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(AppDirectory, recursive: true);
    }

    private async Task WaitUntilReadyAsync()
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the handler exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"the handler did not answer GET / within 60 s: {Output}");
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
