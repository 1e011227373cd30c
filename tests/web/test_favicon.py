"""Every page names the tool's icon, and browsers that ask for /favicon.ico get it too."""


def test_favicon_ico_answers_the_icon(client) -> None:
    with client.get("http://tool.test/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        assert response.get_data(as_text=True).startswith("<svg")


def test_pages_link_the_icon(client) -> None:
    page = client.get("http://tool.test/no-such-page").get_data(as_text=True)
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    with client.get("http://tool.test/static/img/favicon.svg") as icon:
        assert icon.status_code == 200
