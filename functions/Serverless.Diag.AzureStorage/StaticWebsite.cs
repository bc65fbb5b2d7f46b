using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Serverless.Diag.Sinks.StatusPage;

namespace Serverless.Diag.AzureStorage;

/// <summary>
/// The storage account's static website: the <c>$web</c> container, whose files the account serves at its web endpoint.
/// The status page is written there file by file (each upload replaces the file whole, so a reader never sees half a page).
/// </summary>
public sealed class StaticWebsite
{
    public const string Container = "$web";

    private readonly BlobContainerClient _container;

    private StaticWebsite(BlobContainerClient container, string description)
    {
        _container = container;
        Description = description;
    }

    /// <summary>The account and endpoint, never a key.</summary>
    public string Description { get; }

    /// <summary>The <c>$web</c> container's address the uploads go to (no key, no SAS).</summary>
    public Uri ContainerUri => _container.Uri;

    /// <summary>
    /// From a storage connection string (its key stays inside), or from a table or blob endpoint of the account
    /// (<c>https://account.table.core.windows.net</c>: managed identity, Storage Blob Data Contributor role). A path-style
    /// endpoint keeps its path (an emulator's <c>https://127.0.0.1:10000/devstoreaccount1</c>); give an emulator its blob
    /// endpoint, as only an account's host name says where its blob service is.
    /// </summary>
    /// <exception cref="ArgumentException">Neither a connection string nor an endpoint.</exception>
    public static StaticWebsite Open(string setting, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.Diagnostics.ApplicationId = "serverless-diag";
        BlobServiceClient service;
        if (setting.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || setting.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            service = new BlobServiceClient(BlobEndpoint(new Uri(setting)), credential ?? new DefaultAzureCredential(), options);
        }
        else
        {
            var connection = string.Join(';', setting.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(p => !p.StartsWith("TableName=", StringComparison.OrdinalIgnoreCase)));
            try
            {
                service = new BlobServiceClient(connection, options);
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                // The SDK's message may quote the setting, which holds a key.
                throw new ArgumentException($"not a usable storage connection string ({e.GetType().Name})");
            }
        }

        return new StaticWebsite(service.GetBlobContainerClient(Container), $"{Container} at {service.Uri.Host}:{service.Uri.Port}");
    }

    /// <summary>
    /// The blob endpoint of the account an endpoint names: a table endpoint's host becomes the blob one. The path stays,
    /// for it names the account on a path-style endpoint (an emulator: <c>https://127.0.0.1:10000/devstoreaccount1</c>);
    /// the query and fragment go (a SAS has no place beside a token credential).
    /// </summary>
    private static Uri BlobEndpoint(Uri endpoint) => new UriBuilder(endpoint)
    {
        Host = endpoint.Host.Replace(".table.", ".blob.", StringComparison.OrdinalIgnoreCase),
        Query = string.Empty,
        Fragment = string.Empty,
        UserName = string.Empty,
        Password = string.Empty,
    }.Uri;

    /// <summary>Writes every file of the site, with its content type; creates the container when the account has none yet.</summary>
    public async Task PublishAsync(StatusPageSite site, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(site);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var (name, content) in site.Files)
        {
            var blob = _container.GetBlobClient(name);
            await blob.UploadAsync(
                BinaryData.FromString(content),
                new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = StatusPageSite.ContentType(name), CacheControl = "max-age=60" } },
                cancellationToken);
        }
    }
}
