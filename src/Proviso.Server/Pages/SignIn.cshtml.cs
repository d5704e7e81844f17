using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Proviso.Application.Access;

namespace Proviso.Server.Pages;

public sealed class SignInModel(AccessService access) : PageModel
{
    public string? Error { get; private set; }
    public string? Username { get; private set; }
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string username, string password, string? returnUrl)
    {
        Username = username;
        ReturnUrl = returnUrl;
        var user = await access.VerifyPasswordAsync(username ?? "", password ?? "", HttpContext.RequestAborted);
        if (user is null)
        {
            Error = "That username and password do not match an account.";
            return Page();
        }
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Username)], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
