using System.Text.Json.Nodes;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Serverless.Diag.IntegrationTests.Notifications;

/// <summary>
/// The services' own schemas (Notifications/Schemas, provenance in PROVENANCE.md) and the product's webhook schema
/// (docs/notification.schema.json), validated with NJsonSchema: every problem, as "path: kind".
/// </summary>
internal static class ServiceSchemas
{
    private static readonly Lazy<Task<JsonSchema>> AdaptiveCard = new(() => LoadAsync("tests/Serverless.Diag.IntegrationTests/Notifications/Schemas/adaptive-card-1.4.json"));
    private static readonly Lazy<Task<JsonSchema>> PagerDuty = new(() => LoadAsync("tests/Serverless.Diag.IntegrationTests/Notifications/Schemas/pagerduty-events-v2-alert.json"));
    private static readonly Lazy<Task<JsonSchema>> Webhook = new(() => LoadAsync("docs/notification.schema.json"));

    public static async Task<IReadOnlyList<string>> AdaptiveCardProblemsAsync(string cardJson) => Describe((await AdaptiveCard.Value).Validate(cardJson));

    public static async Task<IReadOnlyList<string>> PagerDutyProblemsAsync(string eventJson) => Describe((await PagerDuty.Value).Validate(eventJson));

    public static async Task<IReadOnlyList<string>> WebhookProblemsAsync(string documentJson) => Describe((await Webhook.Value).Validate(documentJson));

    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.Diag.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }

    private static IReadOnlyList<string> Describe(ICollection<ValidationError> errors) => [.. errors.Select(Describe)];

    private static string Describe(ValidationError error) => error is ChildSchemaValidationError child
        ? $"{error.Path}: {error.Kind} [{string.Join("; ", child.Errors.SelectMany(e => e.Value).Select(Describe))}]"
        : $"{error.Path}: {error.Kind}";

    /// <summary>NJsonSchema reads draft-04 to draft-07; <c>const</c> (draft-06+) is read as the one-value <c>enum</c> it means.</summary>
    private static Task<JsonSchema> LoadAsync(string relativePath)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), relativePath)))!;
        ConstToEnum(root);
        return JsonSchema.FromJsonAsync(root.ToJsonString());
    }

    private static void ConstToEnum(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["const"] is { } constant && schema["properties"] is null)
                {
                    schema.Remove("const");
                    schema["enum"] = new JsonArray(constant.DeepClone());
                }

                foreach (var (_, child) in schema.ToList())
                {
                    ConstToEnum(child);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ConstToEnum(item);
                }

                break;
        }
    }
}
