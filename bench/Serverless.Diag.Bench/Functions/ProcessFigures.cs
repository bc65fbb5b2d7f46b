using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Serverless.Diag.Bench.Functions;

/// <summary>What the cold-start modes read about a process (Linux /proc), a cheap tcp target, and how they print.</summary>
internal static class ProcessFigures
{
    public static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                return kb / 1024;
            }
        }

        return double.NaN;
    }

    // /proc/PID/stat fields 14 and 15 (utime, stime) in clock ticks of 10 ms (USER_HZ = 100 on Linux).
    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    public static void Report(string what, IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var median = sorted[sorted.Count / 2];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what,-58} median {median,7:F1}  min {sorted[0],7:F1}  max {sorted[^1],7:F1}"));
    }

    /// <summary>A diag.yaml with one cheap check (a tcp connect to a loopback listener that accepts and closes).</summary>
    private static async Task<(string Config, TcpListener Target)> CheapConfigAsync()
    {
        var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        _ = AcceptForeverAsync(target);
        var directory = Directory.CreateTempSubdirectory("diag-bench-").FullName;
        var config = Path.Combine(directory, "diag.yaml");
        await File.WriteAllTextAsync(config, $$"""
            version: 1
            environments:
              bench: {}
            checks:
              - name: port-open
                type: tcp
                host: 127.0.0.1
                port: {{((IPEndPoint)target.LocalEndpoint).Port}}
                expect:
                  - connected == true
            """);
        return (config, target);
    }

    /// <summary>
    /// Measures <paramref name="runs"/> cold starts against the cheap config, after one start that is dropped: it warms
    /// the page cache, as a host would have after the package is mounted.
    /// </summary>
    public static async Task<List<T>> SampleColdStartsAsync<T>(int runs, Func<string, Task<T>> measureOnce)
    {
        var (config, target) = await CheapConfigAsync();
        try
        {
            await measureOnce(config);
            var samples = new List<T>(runs);
            for (var i = 0; i < runs; i++)
            {
                samples.Add(await measureOnce(config));
            }

            return samples;
        }
        finally
        {
            target.Stop();
            Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task AcceptForeverAsync(TcpListener listener)
    {
        try
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
            }
        }
        catch (ObjectDisposedException)
        {
            // Benchmark over.
        }
        catch (SocketException)
        {
            // Benchmark over.
        }
    }
}
