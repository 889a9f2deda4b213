// The peers that need more than a few lines: NestJS (Fastify adapter) + @nestjs/passport +
// passport-jwt, and Hono + hono/jwt on @hono/node-server. Plain JavaScript: Nest's decorators
// are applied by hand (Nest reads constructor parameter types from metadata only to inject
// dependencies, and nothing here takes constructor parameters).
import 'reflect-metadata';
import { Controller, ForbiddenException, Get, Injectable, Module, UseGuards } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Hono } from 'hono';
import { jwt } from 'hono/jwt';
import { serve } from '@hono/node-server';

/** NestJS 12 on Fastify, a passport-jwt strategy (jsonwebtoken, RS256, iss, aud), the scope checked in `validate`. */
export async function startNestPassportJwt({ publicKey, body, hasScope }) {
  class JwtStrategy extends PassportStrategy(Strategy) {
    constructor() {
      super({
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject made once, so jsonwebtoken does not parse the certificate per request.
        secretOrKey: publicKey,
        algorithms: ['RS256'],
        issuer: 'wso2',
        audience: 'ballerina',
        ignoreExpiration: false,
      });
    }

    validate(payload) {
      if (!hasScope(payload)) throw new ForbiddenException();
      return { sub: payload.sub };
    }
  }
  Injectable()(JwtStrategy);

  class FooController {
    bar() {
      return body;
    }
  }
  const bar = Object.getOwnPropertyDescriptor(FooController.prototype, 'bar');
  Get('bar')(FooController.prototype, 'bar', bar);
  UseGuards(AuthGuard('jwt'))(FooController.prototype, 'bar', bar);
  Controller('foo')(FooController);

  class AppModule {}
  Module({ controllers: [FooController], providers: [JwtStrategy] })(AppModule);

  const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  return app.getHttpServer().address().port;
}

/** Hono 4 on @hono/node-server, hono/jwt with RS256 and the same iss/aud checks, then the scope. */
export async function startHonoJwt({ key, body, hasScope }) {
  const app = new Hono();
  app.use('/foo/*', jwt({ secret: key, alg: 'RS256', verification: { iss: 'wso2', aud: 'ballerina' } }));
  app.get('/foo/bar', (c) => (hasScope(c.get('jwtPayload')) ? c.text(body) : c.body(null, 403)));
  const server = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return server.address().port;
}
