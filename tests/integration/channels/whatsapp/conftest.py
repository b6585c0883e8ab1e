from tests.support.fake_graph import fake_graph, fake_graph_server  # noqa: F401 - fixtures
