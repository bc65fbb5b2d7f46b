using System.Reflection;
using Octokit;
using Serverless.Diag.GitHub.Api;

namespace Serverless.Diag.Tests.Incidents;

/// <summary>The StringEnum instantiations kept for the Native AOT binary cover every one the product's GitHub reads meet.</summary>
public sealed class OctokitAotRootsTests
{
    // What IssueGateway and PullRequestComments deserialise, and Octokit's error body.
    private static readonly Type[] Read = [typeof(Issue), typeof(IssueComment), typeof(Reaction), typeof(RepositoryContent), typeof(ApiError)];

    [Fact]
    public void Every_string_enum_in_the_models_the_product_reads_is_kept()
    {
        var needed = new HashSet<Type>();
        var seen = new HashSet<Type>();
        foreach (var type in Read)
        {
            Walk(type, seen, needed);
        }

        var kept = OctokitAotRoots.Instances.Select(i => i.GetType()).ToHashSet();

        Assert.Contains(typeof(StringEnum<ItemState>), needed);
        Assert.Subset(kept, needed);
    }

    private static void Walk(Type type, HashSet<Type> seen, HashSet<Type> needed)
    {
        if (!seen.Add(type))
        {
            return;
        }

        if (type.IsGenericType)
        {
            if (type.GetGenericTypeDefinition() == typeof(StringEnum<>))
            {
                needed.Add(type);
            }

            foreach (var argument in type.GetGenericArguments())
            {
                Walk(argument, seen, needed);
            }
        }

        if (type.IsArray)
        {
            Walk(type.GetElementType()!, seen, needed);
        }

        if (type.Assembly == typeof(Issue).Assembly)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                Walk(property.PropertyType, seen, needed);
            }
        }
    }
}
