using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Serverless.Diag.TestKit.Prometheus;

/// <summary>
/// A real Prometheus server (the Debian package's /usr/bin/prometheus, or PROMETHEUS_BIN) on a free
/// loopback port, with its own config and TSDB in a temp directory, scraping the given targets every second.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _log = new();

    private PrometheusServer(Process process, string directory, Uri url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>What the server printed, for a failing test's message.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The binary, or null when Prometheus is not installed.</summary>
    public static string? FindBinary()
    {
        var configured = Environment.GetEnvironmentVariable("PROMETHEUS_BIN");
        foreach (var candidate in new[] { configured, "/usr/bin/prometheus", "/usr/local/bin/prometheus" })
        {
            if (!string.IsNullOrEmpty(candidate) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <param name="targets">host:port pairs scraped as job "app" at /metrics.</param>
    public static async Task<PrometheusServer> StartAsync(string binary, IEnumerable<string> targets, TimeSpan? startTimeout = null)
    {
        var directory = Directory.CreateTempSubdirectory("serverless-diag-prometheus-").FullName;
        var port = FreePort();
        var config = new StringBuilder()
            .Append("global:\n  scrape_interval: 1s\n  scrape_timeout: 900ms\n  evaluation_interval: 1s\n")
            .Append("scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [")
            .AppendJoin(", ", targets.Select(t => $"'{t}'"))
            .Append("]\n")
            .ToString();
        var configPath = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(configPath, config);

        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--config.file={configPath}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        var server = new PrometheusServer(process, directory, new Uri($"http://127.0.0.1:{port}/"));
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilReadyAsync(startTimeout ?? TimeSpan.FromSeconds(60));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Waits until every target of the job reports <paramref name="health"/> ("up" or "down").</summary>
    public async Task WaitForTargetsAsync(string health, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url };
        var deadline = Stopwatch.StartNew();
        string last = "no answer";
        while (deadline.Elapsed < timeout)
        {
            try
            {
                using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/v1/targets", UriKind.Relative)));
                var targets = document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().ToList();
                last = string.Join(", ", targets.Select(t => t.GetProperty("health").GetString()));
                if (targets.Count > 0 && targets.All(t => t.GetProperty("health").GetString() == health))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus targets did not become {health} within {timeout} (last: {last}). Log:\n{Log}");
    }

    /// <summary>Waits until an instant query returns at least one series.</summary>
    public async Task WaitForSeriesAsync(string query, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            var body = await client.GetStringAsync(new Uri($"api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative));
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.GetProperty("data").GetProperty("result").GetArrayLength() > 0)
            {
                return;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"'{query}' returned nothing within {timeout}. Log:\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"prometheus was not ready within {timeout}:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
