using Azure.Storage.Blobs;
using Serverless.Diag.AzureStorage;
using Serverless.Diag.Sinks.StatusPage;
using Serverless.Diag.IntegrationTests.State;
using Serverless.Diag.TestKit.Azurite;

namespace Serverless.Diag.IntegrationTests.History;

/// <summary><c>status_page.publish</c>: the page goes to the account's <c>$web</c> container, against Azurite's blob service.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StaticWebsitePublishTests(AzuriteFixture azurite)
{
    [AzuriteFact]
    public async Task The_site_lands_in_the_web_container_with_content_types_and_replaces_the_last_one()
    {
        var server = await azurite.ServerAsync();
        var website = StaticWebsite.Open(server.ConnectionString + "TableName=diagstate");

        await website.PublishAsync(new StatusPageSite(new Dictionary<string, string> { ["index.html"] = "<p>first</p>", ["status.css"] = "body{}" }), CancellationToken.None);
        await website.PublishAsync(new StatusPageSite(new Dictionary<string, string> { ["index.html"] = "<p>second</p>", ["status.css"] = "body{}" }), CancellationToken.None);

        var container = new BlobServiceClient(server.ConnectionString).GetBlobContainerClient("$web");
        var index = await container.GetBlobClient("index.html").DownloadContentAsync();
        var css = await container.GetBlobClient("status.css").GetPropertiesAsync();
        Assert.Equal("<p>second</p>", index.Value.Content.ToString());
        Assert.Equal("text/html; charset=utf-8", index.Value.Details.ContentType);
        Assert.Equal("text/css; charset=utf-8", css.Value.ContentType);
        Assert.DoesNotContain(AzuriteServer.AccountKey, website.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://127.0.0.1:10000/devstoreaccount1", "https://127.0.0.1:10000/devstoreaccount1/$web")]
    [InlineData("https://localhost:10000/devstoreaccount1/", "https://localhost:10000/devstoreaccount1/$web")]
    [InlineData("https://acme.table.core.windows.net", "https://acme.blob.core.windows.net/$web")]
    [InlineData("https://acme.table.core.windows.net/?sv=2024&sig=x", "https://acme.blob.core.windows.net/$web")]
    [InlineData("https://acme.blob.core.windows.net/", "https://acme.blob.core.windows.net/$web")]
    public void An_endpoint_used_with_a_token_keeps_its_account_path(string endpoint, string container)
    {
        // A path-style endpoint (an emulator) names the account in its path: without it the uploads go to another account.
        var website = StaticWebsite.Open(endpoint, new Observability.TestTokenCredential());

        Assert.Equal(container, website.ContainerUri.AbsoluteUri);
    }

    [Fact]
    public void A_setting_that_is_no_storage_account_is_refused_without_repeating_it()
    {
        var error = Assert.Throws<ArgumentException>(() => StaticWebsite.Open("AccountName=x;AccountKey=not-base64-secret-value;Bogus"));

        Assert.DoesNotContain("not-base64-secret-value", error.Message, StringComparison.Ordinal);
    }
}
