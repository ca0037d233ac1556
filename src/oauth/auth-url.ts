/** Builds Miro's authorisation URL (`/oauth/authorize`) for the authorisation code flow. */
export function buildAuthUrl(authBaseUrl: string, fields: { clientId: string; redirectUrl: string; state: string; teamId?: string }): string {
  const url = new URL(`${authBaseUrl}/oauth/authorize`);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', fields.clientId);
  url.searchParams.set('redirect_uri', fields.redirectUrl);
  url.searchParams.set('state', fields.state);
  if (fields.teamId !== undefined && fields.teamId !== '') url.searchParams.set('team_id', fields.teamId);
  return url.toString();
}
