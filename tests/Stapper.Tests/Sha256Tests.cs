namespace Stapper.Tests;

/// <summary>Stapper's managed SHA-256 gives .NET's (OpenSSL's) digests, whole or appended in pieces.</summary>
public sealed class Sha256Tests
{
    [Fact]
    public void EveryLengthAroundTheBlockAndPaddingBoundsHashesAsOpenSsl()
    {
        var random = new Random(15);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var expected = System.Security.Cryptography.SHA256.HashData(data);
            Assert.Equal(expected, Sha256.Hash(data));
            var pieces = new Sha256();
            var at = 0;
            while (at < length)
            {
                var take = Math.Min(random.Next(1, 70), length - at);
                pieces.Append(data.AsSpan(at, take));
                at += take;
            }
            Assert.Equal(expected, pieces.Finish());
        }
    }

    [Fact]
    public void HexIsTheLowercaseDigestOfTheUtf8Text() =>
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.Hex("abc"));
}
