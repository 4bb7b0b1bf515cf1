using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.IO;

[TestClass]
public sealed class PortableSelectorTests : SocketSuite
{
    protected override Selector CreateSelector() => new PortableSelector();
}
