using Serverless.Diag.Assertions;

namespace Serverless.Diag.Tests.Assertions;

public class QuotedStringTests
{
    [Theory]
    [InlineData("healthy", "\"healthy\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\logs\n\tline\r", "\"C:\\\\logs\\n\\tline\\r\"")]
    [InlineData("it's", "\"it's\"")]
    public void Quotes_and_escapes_so_that_reading_gives_the_value_back(string value, string quoted)
    {
        Assert.Equal(quoted, QuotedString.Quote(value));

        var end = QuotedString.Read(quoted, 0, out var read);

        Assert.Equal(value, read);
        Assert.Equal(quoted.Length, end);
    }
}
