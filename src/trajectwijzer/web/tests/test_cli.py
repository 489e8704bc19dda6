import pytest

from trajectwijzer.cli import main


def test_manage_passes_through_to_django(capsys):
    assert main(["manage", "help", "migrate"]) == 0
    assert "Updates database schema" in capsys.readouterr().out


def test_unknown_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-domain"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


@pytest.mark.django_db
def test_create_token_for_unknown_user_exits_2_naming_the_field(capsys):
    assert main(["accounts", "create-token", "nobody@example.org"]) == 2
    assert "email" in capsys.readouterr().err
