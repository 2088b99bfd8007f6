using Stapper.Parse.Lexing;

namespace Stapper.Tests.Parse;

public class NumberTextTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("42", 42UL)]
    [InlineData("017", 15UL)]
    [InlineData("0x1F", 31UL)]
    [InlineData("0XfF", 255UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    public void ReadsValidNumbers(string text, ulong value) => Assert.Equal(value, NumberText.Parse(text));

    [Theory]
    [InlineData("18446744073709551616")]
    [InlineData("0x1ffffffffffffffff")]
    [InlineData("08")]
    [InlineData("0x")]
    [InlineData("12abc")]
    [InlineData("2015a")]
    public void RejectsInvalidNumbers(string text) => Assert.Null(NumberText.Parse(text));
}
