// The usual e2e cast: a running app, a company with its owner, one staff member and two customers.
import { addMember, registerCompany, type Member, type Tenant } from './builders';
import { httpClient, type Call } from './http-client';
import { startTestApp, type TestApp } from './test-app';

export interface Shop {
  readonly app: TestApp;
  readonly call: Call;
  readonly tenant: Tenant;
  readonly staff: Member;
  readonly alice: Member;
  readonly bob: Member;
}

export async function startShop(): Promise<Shop> {
  const app = await startTestApp();
  const call = httpClient(app.baseUrl);
  const tenant = await registerCompany(call);
  return {
    app,
    call,
    tenant,
    staff: await addMember(call, tenant, 'staff'),
    alice: await addMember(call, tenant, 'customer'),
    bob: await addMember(call, tenant, 'customer'),
  };
}
