using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Serverless.Diag.IntegrationTests.Functions;

/// <summary>What infra/package.sh produces is what the Functions host needs, and the packaged executable runs.</summary>
public sealed class PackageLayoutTests(PackagedApp package) : IClassFixture<PackagedApp>
{
    private const string Executable = "bin/Serverless.Diag.Functions";

    [Fact]
    public void The_zip_has_host_json_at_the_root_a_folder_per_function_the_config_and_the_executable()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Contains("host.json", names);
        Assert.Contains("ScheduledDiagnosis/function.json", names);
        Assert.Contains("Diagnose/function.json", names);
        Assert.Contains("diag.yaml", names);
        Assert.Contains(Executable, names);
        Assert.Contains("bin/Serverless.Diag.Functions.dll", names);
        Assert.Contains("bin/libcoreclr.so", names);
        Assert.Contains("examples/demo.yaml", names);
        Assert.DoesNotContain(names, n => n.StartsWith("bin/ScheduledDiagnosis/", StringComparison.Ordinal) || n.StartsWith("bin/Diagnose/", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));
        Assert.Equal(PackagedApp.Config, ReadEntry(zip, "diag.yaml"));
        Assert.Equal(File.ReadAllText(Path.Combine(HandlerProcess.RepositoryRoot(), "host.json")), ReadEntry(zip, "host.json"));
    }

    [Fact]
    public void The_executable_keeps_its_run_bit_in_the_zip()
    {
        using var zip = ZipFile.OpenRead(package.Zip);
        var entry = zip.GetEntry(Executable)!;
        var mode = (entry.ExternalAttributes >> 16) & 0x1FF;
        var config = zip.GetEntry("diag.yaml")!;

        Assert.True((mode & 0x49) == 0x49, $"mode {Convert.ToString(mode, 8)} lacks u+x,g+x,o+x");
        Assert.Equal(0, (config.ExternalAttributes >> 16) & 0x49);
    }

    [Fact]
    public async Task The_packaged_self_contained_executable_starts_like_the_host_starts_it_and_runs_the_timer()
    {
        var extracted = Directory.CreateTempSubdirectory("diag-unzipped-").FullName;
        try
        {
            // Extract as the host's run-from-package mount presents it: .NET restores the Unix modes from the zip.
            ZipFile.ExtractToDirectory(package.Zip, extracted);
            var port = FreePort();
            var start = new ProcessStartInfo(Path.Combine(extracted, Executable))
            {
                WorkingDirectory = extracted,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment.Remove("DOTNET_ROOT");
            using var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            try
            {
                using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
                await WaitForReadyAsync(client, process);
                using var timer = await client.PostAsync("/ScheduledDiagnosis", new StringContent("""{"Data":{"timer":{"IsPastDue":false}},"Metadata":{}}""", Encoding.UTF8, "application/json"));
                var envelope = await timer.Content.ReadAsStringAsync();

                Assert.Equal(HttpStatusCode.OK, timer.StatusCode);
                Assert.Contains("\"ReturnValue\":\"pass: 0 check(s) in 1 environment(s)", envelope, StringComparison.Ordinal);
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(extracted, recursive: true);
        }
    }

    private static string ReadEntry(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static async Task WaitForReadyAsync(HttpClient client, Process process)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                Assert.Fail("the packaged handler exited: " + await process.StandardError.ReadToEndAsync());
            }

            try
            {
                using var response = await client.GetAsync("/");
                if (response.IsSuccessStatusCode)
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

        Assert.Fail("the packaged handler did not answer GET / within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
