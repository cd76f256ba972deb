"""Stored-XSS payloads for anything people write (messages, posts, notes). A plain list: import PAYLOADS.

Each payload must come out of the renderer inert: no script, no event handler, no javascript:
or data: URL, no embedded document, no style. tests/test_space_xss.py runs them through the
mentorship thread; the quality-gates issue runs the same list in a real browser.
"""

PAYLOADS: list[str] = [
    # Script tags in every spelling
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x20type='text/javascript'>alert(1);</script>",
    "<<script>alert(1);//<</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    # Event handlers
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    '<img src="x" onerror="alert(1)"/>',
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover me</div>',
    '<a href="https://ok.example" onclick="alert(1)">click</a>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<p style="x" onpointerenter=alert(1)>x</p>',
    # javascript: URLs, plain and obfuscated
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
    "[click](&#x6A;avascript:alert(1))",
    "[click](javascript%3Aalert(1))",
    "[click](\\u006Aavascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href=" &#14; javascript:alert(1)">x</a>',
    "[x](vbscript:msgbox(1))",
    "<javascript:alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    # data: URLs
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x=20 y=20>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # Style and CSS
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="behavior:url(x.htc)">x</p>',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    # Frames, objects and other embedders
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    # Markdown link and image tricks
    '[a](https://ok.example "title" onclick="alert(1)")',
    "[a](<javascript:alert(1)>)",
    '![x" onerror="alert(1)](https://ok.example/x.png)',
    "[![x](x)](javascript:alert(1))",
    '<https://ok.example/" onclick="alert(1)>',
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "**<img src=x onerror=alert(1)>**",
    "> <iframe src=javascript:alert(1)>",
    "- <svg/onload=alert(1)>",
    # Entities, comments and unicode tricks
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "\uff1cscript\uff1ealert(1)\uff1c/script\uff1e",
    "<scr\u0000ipt>alert(1)</scr\u0000ipt>",
    "[x](java\u0000script:alert(1))",
    "[x](\u202ejavascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<img src=`x` onerror=alert(1)>",
    # htmx attributes would run requests in the page if they survived
    '<div hx-get="/logout" hx-trigger="load">x</div>',
    '<a hx-post="/m/1/end" hx-trigger="mouseover">x</a>',
    '<button hx-on:click="alert(1)">x</button>',
    '<div data-hx-get="/logout" data-hx-trigger="load">x</div>',
]
