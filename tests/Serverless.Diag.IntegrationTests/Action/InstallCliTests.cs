using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Serverless.Diag.IntegrationTests.Infra;
using Serverless.Diag.TestKit.Action;
using Serverless.Diag.TestKit.Targets;

namespace Serverless.Diag.IntegrationTests.Action;

/// <summary>
/// The action's install step (action/install-cli.sh) against a local HTTP server standing in for the release
/// download: the archive's SHA-256 must match action/binaries.sha256, the binary lands in the runner's tool cache,
/// and a platform without a release is refused (binary) or sent to the source build (auto).
/// </summary>
public sealed class InstallCliTests : IAsyncLifetime, IDisposable
{
    private const string Version = "9.8.7";
    private readonly string _root = Directory.CreateTempSubdirectory("diag-install-").FullName;
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly List<string> _downloads = [];
    private KestrelTarget _server = null!;

    public async Task InitializeAsync() => _server = await KestrelTarget.StartAsync(app => app.MapGet("/releases/download/{tag}/{file}", (string tag, string file) =>
    {
        lock (_downloads)
        {
            _downloads.Add($"{tag}/{file}");
        }

        return _files.TryGetValue($"{tag}/{file}", out var bytes) ? Results.Bytes(bytes, "application/octet-stream") : Results.NotFound();
    }));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string FileName(string rid) => $"serverless-diag-{Version}-{rid}.tar.gz";

    /// <summary>A release archive whose serverless-diag is a script that says who it is.</summary>
    private static byte[] Archive(string says)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "serverless-diag")
            {
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes($"#!/bin/sh\necho \"{says} $*\"\n")),
            };
            tar.WriteEntry(entry);
        }

        return buffer.ToArray();
    }

    private string Checksums(params (string Rid, byte[] Bytes)[] releases)
    {
        var path = Path.Combine(_root, $"binaries-{Guid.NewGuid():N}.sha256");
        File.WriteAllLines(path, ["# test release", .. releases.Select(r => $"{Convert.ToHexStringLower(SHA256.HashData(r.Bytes))}  {FileName(r.Rid)}")]);
        return path;
    }

    private async Task<(int ExitCode, string Output, IReadOnlyDictionary<string, string> Outputs)> InstallAsync(string mode, string os, string arch, string checksums)
    {
        var output = Path.Combine(_root, $"output-{Guid.NewGuid():N}");
        File.WriteAllText(output, string.Empty);
        var environment = new Dictionary<string, string>
        {
            ["INSTALL_MODE"] = mode,
            ["RUNNER_OS"] = os,
            ["RUNNER_ARCH"] = arch,
            ["RUNNER_TOOL_CACHE"] = Path.Combine(_root, "toolcache"),
            ["RUNNER_TEMP"] = Directory.CreateDirectory(Path.Combine(_root, "temp")).FullName,
            ["GITHUB_OUTPUT"] = output,
            ["RELEASE_BASE_URL"] = _server.Url("/releases/download").TrimEnd('/'),
            ["DIAG_CHECKSUMS_FILE"] = checksums,
        };
        var (exit, stdout, stderr) = await Repo.RunAsync("bash", [Repo.File("action", "install-cli.sh")], TimeSpan.FromMinutes(2), environment);
        var outputs = RunnerFileCommandReader.Read(File.ReadAllText(output));
        return (exit, stdout + stderr, outputs);
    }

    [Fact]
    public async Task A_matching_archive_is_installed_in_the_tool_cache_once_and_runs()
    {
        var archive = Archive("released");
        _files[$"v{Version}/{FileName("linux-x64")}"] = archive;
        var checksums = Checksums(("linux-x64", archive), ("osx-arm64", Archive("other")));

        var first = await InstallAsync("binary", "Linux", "X64", checksums);
        var second = await InstallAsync("auto", "Linux", "X64", checksums);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Equal("binary", first.Outputs["mode"]);
        var binary = first.Outputs["bin"];
        Assert.Equal(Path.Combine(_root, "toolcache", "serverless-diag", Version, "linux-x64", "serverless-diag"), binary);
        var (exit, says, _) = await Repo.RunAsync(binary, ["--version"], TimeSpan.FromSeconds(30));
        Assert.Equal(0, exit);
        Assert.Equal("released --version", says.Trim());
        // The second run finds the verified binary in the tool cache and downloads nothing.
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Equal(binary, second.Outputs["bin"]);
        Assert.Equal([$"v{Version}/{FileName("linux-x64")}"], _downloads);
    }

    [Fact]
    public async Task An_archive_whose_checksum_does_not_match_is_refused_and_nothing_is_installed()
    {
        _files[$"v{Version}/{FileName("linux-x64")}"] = Archive("tampered");
        var checksums = Checksums(("linux-x64", Archive("released")));

        foreach (var mode in new[] { "binary", "auto" })
        {
            var result = await InstallAsync(mode, "Linux", "X64", checksums);

            Assert.True(result.ExitCode == 1, result.Output);
            Assert.Contains("checksum mismatch", result.Output, StringComparison.Ordinal);
            Assert.False(result.Outputs.ContainsKey("bin"));
            Assert.False(File.Exists(Path.Combine(_root, "toolcache", "serverless-diag", Version, "linux-x64", "serverless-diag")));
        }
    }

    [Theory]
    [InlineData("Windows", "ARM64")]
    [InlineData("Linux", "ARM")]
    [InlineData("FreeBSD", "X64")]
    public async Task A_platform_without_a_release_is_refused_with_the_way_out_or_built_from_source_in_auto(string os, string arch)
    {
        var checksums = Checksums(("linux-x64", Archive("released")));

        var binary = await InstallAsync("binary", os, arch, checksums);
        var auto = await InstallAsync("auto", os, arch, checksums);

        Assert.True(binary.ExitCode == 2, binary.Output);
        Assert.Contains($"no serverless-diag release binary for runner platform '{os}/{arch}'", binary.Output, StringComparison.Ordinal);
        Assert.Contains("install-mode: source", binary.Output, StringComparison.Ordinal);
        Assert.True(auto.ExitCode == 0, auto.Output);
        Assert.Equal("source", auto.Outputs["mode"]);
        Assert.Empty(_downloads);
    }

    [Fact]
    public async Task With_no_release_recorded_auto_and_source_build_from_source_and_an_unknown_mode_is_refused()
    {
        var committed = Checksums();

        var auto = await InstallAsync("auto", "Linux", "X64", committed);
        var source = await InstallAsync("source", "Linux", "X64", Checksums(("linux-x64", Archive("released"))));
        var unknownMode = await InstallAsync("download", "Linux", "X64", committed);

        Assert.True(auto.ExitCode == 0, auto.Output);
        Assert.Equal("source", auto.Outputs["mode"]);
        Assert.Equal("source", source.Outputs["mode"]);
        Assert.Equal(2, unknownMode.ExitCode);
        Assert.Contains("install-mode must be auto, binary or source", unknownMode.Output, StringComparison.Ordinal);
        Assert.Empty(_downloads);
    }
}
