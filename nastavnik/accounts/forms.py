from django import forms
from django.contrib.auth.forms import AuthenticationForm


class EmailAuthenticationForm(AuthenticationForm):
    """Log in by e-mail; the field keeps the name `username` that Django and django-axes expect."""

    username = forms.EmailField(
        label="Электронная почта",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": "Неверная электронная почта или пароль. Проверьте раскладку клавиатуры и Caps Lock.",
        "inactive": "Эта учётная запись отключена. Обратитесь к куратору программы.",
    }

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip().lower()
