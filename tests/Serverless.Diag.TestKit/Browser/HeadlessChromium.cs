using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Serverless.Diag.TestKit.Browser;

/// <summary>
/// Debian's chromium, headless, driven over the DevTools protocol on a loopback websocket: load a page, read its DOM,
/// evaluate expressions, take screenshots, and collect what the page's console and the browser's log reported
/// (<c>Runtime.consoleAPICalled</c>, <c>Runtime.exceptionThrown</c>, <c>Log.entryAdded</c>). No internet is used.
/// </summary>
public sealed partial class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _pending = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Errors the page's console, scripts and resource loads reported (warnings and logs are not problems).</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _problems];

    public static async Task<HeadlessChromium> StartAsync()
    {
        BrowserTools.Require(BrowserTools.ChromiumMissing);
        var profile = Directory.CreateTempSubdirectory("sdiag-chromium-").FullName;
        var start = new ProcessStartInfo(BrowserTools.Chromium!) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
            "--disable-extensions", "--disable-background-networking", "--disable-sync", "--disable-component-update", "--disable-default-apps",
            "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--user-data-dir={profile}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start chromium");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await ReadEndpointAsync(process);
            await browser.ConnectAsync(endpoint);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Emulates a screen (a phone: 375 x 812, mobile) for the next load.</summary>
    public Task SetViewportAsync(int width, int height, bool mobile) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = mobile });

    /// <summary>Loads the URL and waits for its load event.</summary>
    public async Task NavigateAsync(string url)
    {
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answer = await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        if (answer["errorText"] is { } error)
        {
            throw new InvalidOperationException($"navigation to {url} failed: {error}");
        }

        await _loaded.Task.WaitAsync(CommandTimeout);

        // Console messages of the last scripts can trail the load event.
        await Task.Delay(500);
    }

    /// <summary>The page's DOM after load, serialised.</summary>
    public async Task<string> DomAsync() => (await EvaluateAsync("document.documentElement.outerHTML"))!.GetValue<string>();

    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var answer = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (answer["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"{expression} threw: {exception.ToJsonString()}");
        }

        return answer["result"]?["value"];
    }

    /// <summary>A PNG of the whole page.</summary>
    public async Task SaveScreenshotAsync(string path)
    {
        var answer = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(answer["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }

        if (_receiving is not null)
        {
            await Task.WhenAny(_receiving, Task.Delay(TimeSpan.FromSeconds(5)));
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash dump still being written; the temp folder is cleaned by the OS.
        }
    }

    private static async Task<Uri> ReadEndpointAsync(Process process)
    {
        using var limit = new CancellationTokenSource(CommandTimeout);
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
        {
            seen.AppendLine(line);
            if (DevToolsLine().Match(line) is { Success: true } match)
            {
                // The page target's socket: the browser's own socket would need a session per target.
                using var http = new HttpClient { Timeout = CommandTimeout };
                var list = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{match.Groups["port"].Value}/json/list"), limit.Token))!.AsArray();
                var page = list.FirstOrDefault(t => t?["type"]?.GetValue<string>() == "page") ?? throw new InvalidOperationException("chromium has no page target");
                _ = DrainAsync(process);
                return new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>());
            }
        }

        throw new InvalidOperationException($"chromium did not open its DevTools port: {seen}");
    }

    // An unread stderr pipe would block chromium once it fills.
    private static async Task DrainAsync(Process process)
    {
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            await process.StandardError.ReadToEndAsync();
            await stdout;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The browser is gone.
        }
    }

    private async Task ConnectAsync(Uri endpoint)
    {
        using var limit = new CancellationTokenSource(CommandTimeout);
        await _socket.ConnectAsync(endpoint, limit.Token);
        _receiving = ReceiveAsync();
        await SendAsync("Runtime.enable", new JsonObject());
        await SendAsync("Log.enable", new JsonObject());
        await SendAsync("Page.enable", new JsonObject());
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
        return await answer.Task.WaitAsync(CommandTimeout);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                Dispatch(JsonNode.Parse(message.ToArray())!);
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closed by DisposeAsync or the browser's exit.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the browser connection closed"));
        }
    }

    private void Dispatch(JsonNode message)
    {
        if (message["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var answer))
        {
            if (message["error"] is { } error)
            {
                answer.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
            }
            else
            {
                answer.TrySetResult(message["result"] ?? new JsonObject());
            }

            return;
        }

        var method = message["method"]?.GetValue<string>();
        var parameters = message["params"] as JsonObject;
        if (method == "Page.loadEventFired")
        {
            _loaded.TrySetResult();
        }
        else if (method == "Runtime.consoleAPICalled" && Text(parameters, "type") is "error" or "assert")
        {
            var args = parameters!["args"] as JsonArray ?? [];
            _problems.Enqueue($"console.{Text(parameters, "type")}: {string.Join(' ', args.Select(a => (a as JsonObject)?["value"]?.ToJsonString() ?? Text(a as JsonObject, "description")))}");
        }
        else if (method == "Runtime.exceptionThrown")
        {
            _problems.Enqueue("exception: " + parameters?["exceptionDetails"]?.ToJsonString());
        }
        else if (method == "Log.entryAdded" && parameters?["entry"] is JsonObject entry && Text(entry, "level") == "error")
        {
            _problems.Enqueue($"log: {Text(entry, "text")} {Text(entry, "url")}");
        }
    }

    private static string? Text(JsonObject? node, string name) =>
        node is not null && node.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    [GeneratedRegex(@"DevTools listening on ws://127\.0\.0\.1:(?<port>\d+)/")]
    private static partial Regex DevToolsLine();
}
